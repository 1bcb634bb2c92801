import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const repositoryRoot = resolve(import.meta.dir, "..", "..", "..");

/**
 * Real camera files live beside the repository, in `../shared/fixtures/photos` (CI clones the
 * repository next to that directory), or wherever `STASHSPHERE_PHOTO_FIXTURES` points. Tests
 * fail with this message when they are missing.
 */
export const photoFixturesDirectory = process.env.STASHSPHERE_PHOTO_FIXTURES || join(repositoryRoot, "..", "shared", "fixtures", "photos");

export async function readPhotoFixture(name: string): Promise<Uint8Array> {
  const path = join(photoFixturesDirectory, name);
  if (!existsSync(path)) {
    throw new Error(`photo fixture ${name} not found in ${photoFixturesDirectory}; put the camera fixtures in ../shared/fixtures/photos beside the repository or set STASHSPHERE_PHOTO_FIXTURES`);
  }
  return Bun.file(path).bytes();
}
