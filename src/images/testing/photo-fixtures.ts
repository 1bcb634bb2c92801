import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const repositoryRoot = resolve(import.meta.dir, "..", "..", "..");

/**
 * Real camera files live beside the repository, in `../shared/fixtures/photos` (CI clones the
 * repository next to that directory). Tests fail with this message when it is missing.
 */
export const photoFixturesDirectory = join(repositoryRoot, "..", "shared", "fixtures", "photos");

export async function readPhotoFixture(name: string): Promise<Uint8Array> {
  const path = join(photoFixturesDirectory, name);
  if (!existsSync(path)) {
    throw new Error(`photo fixture ${name} not found in ${photoFixturesDirectory}; the shared fixtures must be checked out beside the repository`);
  }
  return Bun.file(path).bytes();
}
