import { readdirSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";

function listFiles(directory: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}

/**
 * Write the module that embeds the built web app: it imports every file below `webDir` with
 * `{ type: "file" }` and exports `webAssets`, a map from URL path ("/index.html") to the file's
 * path, which is inside the executable when compiled and in `webDir` when run from source.
 * Returns the number of files.
 */
export async function writeWebAssetsModule(webDir: string, modulePath: string): Promise<number> {
  const files = listFiles(webDir);
  const imports: string[] = [];
  const entries: string[] = [];
  files.forEach((file, index) => {
    let specifier = relative(dirname(modulePath), file).split(sep).join("/");
    if (!specifier.startsWith(".")) specifier = `./${specifier}`;
    const urlPath = `/${relative(webDir, file).split(sep).join("/")}`;
    imports.push(`import file${index} from ${JSON.stringify(specifier)} with { type: "file" };`);
    entries.push(`  ${JSON.stringify(urlPath)}: file${index},`);
  });

  const text = [
    "// @ts-nocheck",
    `// Written by build.ts from ${relative(dirname(modulePath), webDir).split(sep).join("/")}; do not edit.`,
    "// TypeScript cannot type imports of .js, .css and .html files as paths, hence @ts-nocheck.",
    ...imports,
    "",
    "/** URL path of each file of the web app, mapped to the path Bun.file() reads it from. */",
    "export const webAssets: Readonly<Record<string, string>> = {",
    ...entries,
    "};",
    "",
  ].join("\n");
  const temporary = `${modulePath}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, modulePath);
  return files.length;
}
