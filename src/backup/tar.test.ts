import { describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openArchiveInput, openArchiveOutput, wantsGzip } from "./archive-streams.ts";
import { memorySink } from "./backup-test-support.ts";
import { sortByDependencies, type TableInfo } from "./catalog.ts";
import { TarFormatError } from "./tar-header.ts";
import { TarReader } from "./tar-reader.ts";
import { TarWriter } from "./tar-writer.ts";

const encoder = new TextEncoder();

async function writeArchive(write: (tar: TarWriter) => Promise<void>): Promise<Uint8Array<ArrayBuffer>> {
  const sink = memorySink();
  const writer = sink.writable.getWriter();
  const tar = new TarWriter(writer);
  await write(tar);
  await tar.finish();
  await writer.close();
  return sink.bytes();
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ entries: Record<string, string>; reader: TarReader }> {
  const reader = new TarReader(stream);
  const entries: Record<string, string> = {};
  for (let entry = await reader.next(); entry; entry = await reader.next()) entries[entry.path] = new TextDecoder().decode(await entry.bytes());
  return { entries, reader };
}

describe("tar writer and reader", () => {
  test("round trip keeps paths, data and checksums", async () => {
    const longPath = `stashsphere-export/tables/${"t".repeat(63)}/000001.jsonl`;
    const archive = await writeArchive(async (tar) => {
      await tar.addFile("a.txt", encoder.encode("first"));
      await tar.addFile(longPath, encoder.encode("x".repeat(1000)));
      await tar.addStream("chunks.bin", 6, [encoder.encode("abc"), encoder.encode("def")]);
      await tar.addFile("empty", new Uint8Array(0));
    });
    expect(archive.length % 512).toBe(0);
    const { entries, reader } = await readAll(new Blob([archive]).stream());
    expect(entries).toEqual({ "a.txt": "first", [longPath]: "x".repeat(1000), "chunks.bin": "abcdef", empty: "" });
    expect(reader.checksums.get("chunks.bin")).toBe(new Bun.CryptoHasher("sha256").update("abcdef").digest("hex"));
  });

  test("system tar reads the archive", async () => {
    const tarProgram = Bun.which("tar");
    if (!tarProgram) {
      console.warn("skipped: no tar program on PATH");
      return;
    }
    const longPath = `${"d".repeat(80)}/${"n".repeat(90)}`;
    const archive = await writeArchive((tar) => tar.addFile(longPath, encoder.encode("hello")));
    const listing = Bun.spawnSync([tarProgram, "-tvf", "-"], { stdin: archive });
    expect(listing.stderr.toString()).toBe("");
    expect(listing.stdout.toString()).toContain(longPath);
  });

  test("unread entry data is skipped", async () => {
    const archive = await writeArchive(async (tar) => {
      await tar.addFile("skipped", encoder.encode("y".repeat(5000)));
      await tar.addFile("read", encoder.encode("z"));
    });
    const reader = new TarReader(new Blob([archive]).stream());
    const skipped = await reader.next();
    for await (const _chunk of skipped?.chunks() ?? []) break;
    const read = await reader.next();
    expect(read?.path).toBe("read");
    expect(new TextDecoder().decode(await read?.bytes())).toBe("z");
    expect(reader.checksums.has("skipped")).toBe(true);
  });

  test("path beyond the ustar fields is rejected", async () => {
    await expect(writeArchive((tar) => tar.addFile(`dir/${"n".repeat(120)}`, encoder.encode("hello")))).rejects.toThrow("path too long");
  });

  test("stream of the wrong size is rejected", async () => {
    const attempt = writeArchive((tar) => tar.addStream("short", 10, [encoder.encode("abc")]));
    await expect(attempt).rejects.toThrow("expected 10 bytes, read 3");
  });

  test("damaged header is rejected", async () => {
    const archive = await writeArchive((tar) => tar.addFile("a", encoder.encode("1")));
    archive[0] = "b".charCodeAt(0);
    await expect(readAll(new Blob([archive]).stream())).rejects.toBeInstanceOf(TarFormatError);
  });
});

describe("archive files", () => {
  test("gzip output is detected on input", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-archive-"));
    try {
      const path = join(directory, "backup.tar.gz");
      expect(wantsGzip(path, false)).toBe(true);
      const output = await openArchiveOutput(path, { gzip: true });
      const writer = output.writable.getWriter();
      const tar = new TarWriter(writer);
      await tar.addFile("hello", encoder.encode("compressed ".repeat(1000)));
      await tar.finish();
      await writer.close();
      await output.commit();

      expect(await readdir(directory)).toEqual(["backup.tar.gz"]);
      const head = new Uint8Array(await Bun.file(path).slice(0, 2).arrayBuffer());
      expect([...head]).toEqual([0x1f, 0x8b]);
      const { entries } = await readAll(await openArchiveInput(path));
      expect(entries).toEqual({ hello: "compressed ".repeat(1000) });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test("discarded output leaves no file", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-archive-"));
    try {
      const output = await openArchiveOutput(join(directory, "backup.tar"), { gzip: false });
      const writer = output.writable.getWriter();
      await writer.write(encoder.encode("partial"));
      await writer.abort(new Error("failed"));
      await output.discard();
      expect(await readdir(directory)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("dependency order", () => {
  const table = (name: string, references: string[]): TableInfo => ({ name, columns: [], primaryKey: [], references, hasIdentityAlways: false });

  test("referenced tables come first", () => {
    const sorted = sortByDependencies([table("things", ["users"]), table("images_things", ["images", "things"]), table("images", ["users"]), table("users", [])]);
    expect(sorted.map((entry) => entry.name)).toEqual(["users", "images", "things", "images_things"]);
  });

  test("cycle is named", () => {
    expect(() => sortByDependencies([table("a", ["b"]), table("b", ["a"]), table("c", [])])).toThrow("cycle between a, b");
  });
});
