import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWebAssetsModule } from "./web-assets-module.ts";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

test("module maps URL paths to embedded files", async () => {
  const root = mkdtempSync(join(tmpdir(), "stashsphere-web-assets-test-"));
  directories.push(root);
  const webDir = join(root, "dist", "web");
  mkdirSync(join(webDir, "assets"), { recursive: true });
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(webDir, "assets", "app.js"), "console.log(1)");
  const modulePath = join(root, "src", "http", "web-assets.generated.ts");
  mkdirSync(join(root, "src", "http"), { recursive: true });

  expect(await writeWebAssetsModule(webDir, modulePath)).toBe(2);
  expect(readFileSync(modulePath, "utf8")).toContain('import file0 from "../../dist/web/assets/app.js" with { type: "file" };');

  const { webAssets } = (await import(modulePath)) as { webAssets: Record<string, string> };
  expect(Object.keys(webAssets).sort()).toEqual(["/assets/app.js", "/index.html"]);
  expect(readFileSync(webAssets["/index.html"]!, "utf8")).toBe("<!doctype html><title>t</title>");
});
