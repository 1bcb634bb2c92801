// PGlite finds its WebAssembly modules and file-system bundle next to its own JavaScript by
// default. Inside a `bun build --compile` binary there is no such directory, so every file is
// imported as an embedded asset and handed to PGlite explicitly. The same code runs from
// source, where these imports resolve to the files in node_modules.
import pgliteWasmPath from "@electric-sql/pglite/pglite.wasm" with { type: "file" };
import initdbWasmPath from "@electric-sql/pglite/initdb.wasm" with { type: "file" };
import fsBundlePath from "@electric-sql/pglite/pglite.data" with { type: "file" };
import pgTrgmBundlePath from "../../node_modules/@electric-sql/pglite/dist/pg_trgm.tar.gz" with { type: "file" };
import unaccentBundlePath from "../../node_modules/@electric-sql/pglite/dist/unaccent.tar.gz" with { type: "file" };
import type { Extension, PGliteOptions } from "@electric-sql/pglite";

export interface PgliteAssets {
  options: Pick<PGliteOptions, "pgliteWasmModule" | "initdbWasmModule" | "fsBundle">;
  extensions: Record<string, Extension>;
}

function extensionFrom(name: string, bundlePath: string): Extension {
  return {
    name,
    setup: async () => ({ bundlePath: new URL(`file://${bundlePath}`) }),
  };
}

let compiled: Promise<PgliteAssets> | undefined;

/** Load and compile PGlite's files once per process. */
export function loadPgliteAssets(): Promise<PgliteAssets> {
  compiled ??= (async () => {
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
      WebAssembly.compile(await Bun.file(pgliteWasmPath).arrayBuffer()),
      WebAssembly.compile(await Bun.file(initdbWasmPath).arrayBuffer()),
    ]);
    return {
      options: { pgliteWasmModule, initdbWasmModule, fsBundle: Bun.file(fsBundlePath) },
      extensions: {
        pg_trgm: extensionFrom("pg_trgm", pgTrgmBundlePath),
        unaccent: extensionFrom("unaccent", unaccentBundlePath),
      },
    };
  })();
  return compiled;
}
