import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTarArchive } from "./tar-archive.ts";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

test("archive unpacks with its directories", async () => {
  const archive = createTarArchive([
    { path: "empty/", mode: 0o700 },
    { path: "global/", mode: 0o700 },
    { path: "global/pg_control", mode: 0o600, data: new Uint8Array(1000).fill(7) },
    { path: "PG_VERSION", mode: 0o600, data: new TextEncoder().encode("18\n") },
  ]);
  const target = mkdtempSync(join(tmpdir(), "stashsphere-tar-test-"));
  directories.push(target);

  expect(await new Bun.Archive(archive).extract(target)).toBe(4);
  expect(statSync(join(target, "empty")).isDirectory()).toBe(true);
  expect(readFileSync(join(target, "global", "pg_control"))).toEqual(Buffer.alloc(1000, 7));
  expect(readFileSync(join(target, "PG_VERSION"), "utf8")).toBe("18\n");
});

test("archive is a whole number of blocks", () => {
  const archive = createTarArchive([{ path: "a", mode: 0o600, data: new Uint8Array(513) }]);
  // Header, two data blocks, two closing blocks.
  expect(archive.length).toBe(512 * 5);
});

test("path longer than 100 bytes is rejected", () => {
  expect(() => createTarArchive([{ path: "x".repeat(101), mode: 0o600 }])).toThrow("tar header field too long");
});
