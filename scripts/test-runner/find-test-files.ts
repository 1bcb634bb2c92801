import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";

// Test files live beside the code they test; these are the only folders that hold code.
const searchedFolders = ["src", "scripts", "web", "test"];
// Packaging files for systemd, Docker and NixOS have tests beside them too.
searchedFolders.push("packaging", "nix");

export interface TestFiles {
  /** Unit and integration tests, run once per database backend. */
  database: string[];
  /** `*.e2e.test.ts`: the compiled binary and a browser, run once. */
  e2e: string[];
}

/**
 * List test files relative to `root`, keeping those whose path contains one of `filters`
 * (as `bun test` matches its own path arguments); no filter keeps all.
 */
export function findTestFiles(root: string, filters: string[]): TestFiles {
  const requested = filters.map((filter) => {
    const path = isAbsolute(filter) ? relative(root, filter) : filter;
    return path.replace(/^\.\//, "");
  });
  const matches = (path: string) => requested.length === 0 || requested.some((filter) => path.includes(filter));

  const files: string[] = [];
  for (const folder of searchedFolders) {
    if (!existsSync(join(root, folder))) continue;
    for (const path of new Bun.Glob("**/*.test.ts").scanSync({ cwd: join(root, folder) })) {
      const fromRoot = join(folder, path);
      if (!fromRoot.includes("node_modules/") && matches(fromRoot)) files.push(fromRoot);
    }
  }
  files.sort();

  return {
    database: files.filter((path) => !path.endsWith(".e2e.test.ts")),
    e2e: files.filter((path) => path.endsWith(".e2e.test.ts")),
  };
}
