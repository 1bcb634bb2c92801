import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { WebFiles } from "./web-routes.ts";

/**
 * Find the built web app: embedded in the executable (build.ts writes the module that lists
 * the files), else `dist/web` next to the source when run with Bun after `npm run build`.
 * Returns undefined when there is no build; the API then runs without the web app.
 */
export async function loadWebFiles(): Promise<WebFiles | undefined> {
  try {
    const { webAssets } = await import("./web-assets.generated.ts");
    const files = new Map<string, Blob>();
    for (const [urlPath, filePath] of Object.entries(webAssets)) files.set(urlPath.replace(/^\//, ""), Bun.file(filePath));
    if (files.size > 0) return files;
  } catch {
    // Not built: the generated module does not exist when running from source.
  }

  const directory = resolve(import.meta.dir, "../../dist/web");
  if (!existsSync(join(directory, "index.html"))) return undefined;
  return async (path: string) => {
    const file = Bun.file(join(directory, path));
    return (await file.exists()) ? file : undefined;
  };
}
