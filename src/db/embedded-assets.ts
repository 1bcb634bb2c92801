// PGlite finds its WebAssembly module and file-system bundle next to its own JavaScript by
// default. Inside a `bun build --compile` binary there is no such directory, so every file is
// imported as an embedded asset and handed to PGlite explicitly. The same code runs from
// source, where these imports resolve to the files in node_modules. initdb.wasm is not among
// them: new databases are unpacked from a template (data-dir-template.ts) instead.
import pgliteWasmPath from "@electric-sql/pglite/pglite.wasm" with { type: "file" };
import fsBundlePath from "@electric-sql/pglite/pglite.data" with { type: "file" };
import pgTrgmBundlePath from "../../node_modules/@electric-sql/pglite/dist/pg_trgm.tar.gz" with { type: "file" };
import unaccentBundlePath from "../../node_modules/@electric-sql/pglite/dist/unaccent.tar.gz" with { type: "file" };
import type { Extension, PGliteOptions } from "@electric-sql/pglite";
import { preRunExtension } from "./pre-run-extension.ts";

export interface PgliteAssets {
  options: Pick<PGliteOptions, "pgliteWasmModule" | "fsBundle">;
  extensions: Record<string, Extension>;
}

/** The table of PGlite's Emscripten module where extension bundles wait to be unpacked. */
interface ModuleWithExtensions {
  pg_extensions: Record<string, Promise<Blob | null>>;
}

/**
 * Describe an extension whose gzipped tarball is read with Bun.file. PGlite's own loader reads
 * the bundle with fs.createReadStream, which fails with ENOENT on files embedded in a compiled
 * executable (Bun 1.4.5), while readFileSync and Bun.file work. So the bundle is handed over
 * already read, through the same table PGlite's loader fills, before PGlite unpacks it.
 */
function extensionFrom(name: string, bundlePath: string): Extension {
  return preRunExtension(name, (module: ModuleWithExtensions) => {
    module.pg_extensions[name] = Bun.file(bundlePath)
      .bytes()
      .then((gzipped) => new Blob([Bun.gunzipSync(gzipped)]));
  });
}

let compiled: Promise<PgliteAssets> | undefined;

/** Load and compile PGlite's files once per process. */
export function loadPgliteAssets(): Promise<PgliteAssets> {
  compiled ??= (async () => {
    const pgliteWasmModule = await WebAssembly.compile(await Bun.file(pgliteWasmPath).arrayBuffer());
    return {
      options: { pgliteWasmModule, fsBundle: Bun.file(fsBundlePath) },
      extensions: {
        pg_trgm: extensionFrom("pg_trgm", pgTrgmBundlePath),
        unaccent: extensionFrom("unaccent", unaccentBundlePath),
      },
    };
  })();
  return compiled;
}
