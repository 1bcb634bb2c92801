import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { iconPng, iconSvg } from "./build/icons.ts";
import { indexHtml, webManifest } from "./build/index-html.ts";

const entry = join(import.meta.dir, "src", "main.ts");
const compressible = /\.(js|css|html|svg|webmanifest|json)$/;

/**
 * Drop the indentation after line breaks. After minification a line break survives only
 * inside template literals, and the app's templates are htm markup, where whitespace that
 * contains a line break is insignificant (htm removes or trims it).
 */
export function stripTemplateIndentation(code: string): string {
  return code.replace(/\n[ \t]+/g, "\n");
}

/**
 * Build the web app into `outDir` (emptied first): hashed JS and CSS chunks, `index.html`, the
 * web manifest and icons, plus `.br` and `.gz` copies of every text file for the server to
 * send when the browser accepts them. Returns the written paths, relative to `outDir`.
 */
export async function buildWeb(outDir: string): Promise<{ files: string[] }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const result = await Bun.build({
    entrypoints: [entry],
    outdir: outDir,
    target: "browser",
    format: "esm",
    splitting: true,
    minify: true,
    sourcemap: "none",
    naming: { entry: "[name]-[hash].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  if (!result.success) {
    throw new AggregateError(result.logs, `web build failed:\n${result.logs.map((log) => String(log)).join("\n")}`);
  }

  const written = result.outputs.map((output) => relative(outDir, output.path));
  for (const file of written.filter((name) => name.endsWith(".js"))) {
    const path = join(outDir, file);
    await writeFile(path, stripTemplateIndentation(await Bun.file(path).text()));
  }
  const script = result.outputs.map((output) => (output.kind === "entry-point" ? relative(outDir, output.path) : "")).find((file) => file.endsWith(".js"));
  if (!script) throw new Error("web build produced no entry script");
  const styles = written.filter((file) => file.endsWith(".css"));
  const mainSource = await Bun.file(join(outDir, script)).text();
  // Chunks the entry imports statically are needed before the first render; preload them in parallel.
  const preloads = [...mainSource.matchAll(/from\s*"\.\/([^"]+\.js)"/g)].map((match) => match[1]!).filter((file) => written.includes(file));

  const extra: Record<string, string | Uint8Array> = {
    "index.html": indexHtml({ script, styles, preloads }),
    "manifest.webmanifest": webManifest(),
    "icon.svg": iconSvg(),
    "icon-180.png": iconPng(180),
    "icon-192.png": iconPng(192),
    "icon-512.png": iconPng(512),
    "icon-maskable-512.png": iconPng(512, true),
  };
  for (const [name, content] of Object.entries(extra)) await writeFile(join(outDir, name), content);

  const files = [...written, ...Object.keys(extra)];
  const compressed: string[] = [];
  for (const file of files.filter((name) => compressible.test(name))) {
    const bytes = await Bun.file(join(outDir, file)).bytes();
    await writeFile(join(outDir, `${file}.gz`), gzipSync(bytes, { level: 9 }));
    await writeFile(join(outDir, `${file}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    compressed.push(`${file}.gz`, `${file}.br`);
  }
  return { files: [...files, ...compressed].sort() };
}

if (import.meta.main) {
  const flag = process.argv.indexOf("--out");
  const outDir = flag >= 0 ? process.argv[flag + 1] : undefined;
  if (!outDir) {
    console.error(`usage: bun run ${basename(import.meta.path)} --out DIR`);
    process.exit(2);
  }
  const { files } = await buildWeb(outDir);
  console.log(`wrote ${files.length} files to ${outDir}`);
}
