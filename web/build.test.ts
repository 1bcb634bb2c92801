import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildWeb, stripTemplateIndentation } from "./build.ts";

/** What the product promises: the whole app's JavaScript, gzipped, under 60 kB. */
const javascriptBudgetBytes = 60 * 1024;

let outDir: string;
let files: string[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "stashsphere-web-"));
  ({ files } = await buildWeb(outDir));
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

test("build writes the page, manifest, icons and hashed chunks", () => {
  for (const name of ["index.html", "manifest.webmanifest", "icon.svg", "icon-192.png", "icon-512.png", "icon-maskable-512.png", "index.html.gz", "index.html.br"]) {
    expect(files).toContain(name);
  }
  expect(files.some((name) => /^main-[a-z0-9]{8}\.js$/.test(name))).toBe(true);
  expect(files.some((name) => /^main-[a-z0-9]{8}\.css$/.test(name))).toBe(true);
});

test("index.html references files that exist", async () => {
  const html = await Bun.file(join(outDir, "index.html")).text();
  const references = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => match[1]!);
  expect(references.length).toBeGreaterThan(5);
  for (const reference of references) expect(files).toContain(reference);
});

test("JavaScript stays within the size budget", async () => {
  let total = 0;
  for (const name of files.filter((file) => file.endsWith(".js"))) total += gzipSync(await Bun.file(join(outDir, name)).bytes(), { level: 9 }).length;
  expect(total).toBeLessThan(javascriptBudgetBytes);
});

test("PNG icons decode at their stated size", async () => {
  const metadata = await new Bun.Image(await Bun.file(join(outDir, "icon-512.png")).bytes()).metadata();
  expect(metadata.width).toBe(512);
  expect(metadata.height).toBe(512);
});

test("stripTemplateIndentation removes indentation after line breaks only", () => {
  expect(stripTemplateIndentation("a`<div>\n    <p>x</p>\n  </div>`;b  c")).toBe("a`<div>\n<p>x</p>\n</div>`;b  c");
});
