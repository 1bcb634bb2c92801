import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { isContentHash } from "../../../src/images/content-hash.ts";

/** Names of the files in the image store itself, outside `tmp`. */
export async function storedImageFiles(imageStore: string): Promise<string[]> {
  const entries = await readdir(imageStore, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && isContentHash(entry.name)).map((entry) => entry.name).sort();
}

/** Files under the store's `tmp`, without the lock files that mark running processes. */
export async function imageTempFiles(imageStore: string): Promise<string[]> {
  const entries = await readdir(join(imageStore, "tmp"), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && !entry.name.endsWith(".lock")).map((entry) => join(entry.parentPath, entry.name));
}

/** A `multipart/form-data` body with `bytes` as the field `file`. */
export function imageForm(bytes: Uint8Array, name = "photo.jpg"): FormData {
  const form = new FormData();
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }), name);
  return form;
}
