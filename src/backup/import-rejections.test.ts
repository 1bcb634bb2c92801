import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../../migrations/index.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import { freshDatabase } from "../testing/database.ts";
import { ArchiveError, CHECKSUMS_PATH, MANIFEST_PATH, type Manifest } from "./archive-format.ts";
import { exportToBytes, fillInstance, importBytes, memorySink, type Instance } from "./backup-test-support.ts";
import { readTablesInDependencyOrder } from "./catalog.ts";
import { requireEmptyTables } from "./import-checks.ts";
import { TarReader } from "./tar-reader.ts";
import { TarWriter } from "./tar-writer.ts";

const directories: string[] = [];
let archive: Uint8Array<ArrayBuffer>;
let manifest: Manifest;

async function newInstance(): Promise<Instance> {
  const imageStorePath = await mkdtemp(join(tmpdir(), "stashsphere-import-test-"));
  directories.push(imageStorePath);
  return { db: (await freshDatabase()).db, imageStorePath };
}

/** Build an archive holding only a manifest (changed by `edit`) and a checksum list. */
async function manifestOnlyArchive(edit: (manifest: Manifest) => Manifest): Promise<Uint8Array<ArrayBuffer>> {
  const sink = memorySink();
  const writer = sink.writable.getWriter();
  const tar = new TarWriter(writer);
  await tar.addFile(MANIFEST_PATH, new TextEncoder().encode(JSON.stringify(edit(structuredClone(manifest)))));
  await tar.addFile(CHECKSUMS_PATH, new TextEncoder().encode(JSON.stringify({ entries: Object.fromEntries(tar.checksums), missingImageFiles: [] })));
  await tar.finish();
  await writer.close();
  return sink.bytes();
}

async function importError(instance: Instance, bytes: Uint8Array<ArrayBuffer>): Promise<Error> {
  try {
    await importBytes(instance, bytes);
  } catch (error) {
    return error as Error;
  }
  throw new Error("the import succeeded");
}

/** Asserts that a failed import left no rows and no files behind. */
async function expectNothingImported(instance: Instance): Promise<void> {
  await requireEmptyTables(instance.db, await readTablesInDependencyOrder(instance.db));
  expect(await readdir(instance.imageStorePath)).toEqual([]);
}

beforeAll(async () => {
  const source = await newInstance();
  directories.push(await fillInstance(source));
  archive = (await exportToBytes(source)).archive;
  const first = await new TarReader(new Blob([archive]).stream()).next();
  manifest = JSON.parse(new TextDecoder().decode(await first?.bytes()));
});

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe("import rejects", () => {
  test("target with rows, naming the tables", async () => {
    const target = await newInstance();
    await migrate(target.db);
    await target.db.query(sql`insert into rate_limit_buckets (key, tokens, updated_at) values ('login:198.51.100.7', 1, now())`);
    const error = await importError(target, archive);
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.message).toContain("not empty");
    expect(error.message).toContain("rate_limit_buckets");
  });

  test("archive of a newer release", async () => {
    const target = await newInstance();
    const error = await importError(target, await manifestOnlyArchive((edited) => ({ ...edited, lastMigration: "29991231000000_future", stashsphereVersion: "9.0.0" })));
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.message).toContain("29991231000000_future");
    expect(error.message).toContain("newer StashSphere (9.0.0)");
  });

  test("target migrated past the archive", async () => {
    const target = await newInstance();
    await migrate(target.db);
    const older = migrations[3]?.name as string;
    const error = await importError(target, await manifestOnlyArchive((edited) => ({ ...edited, lastMigration: older })));
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.message).toContain("already migrated past the archive");
  });

  test("damaged table entry, leaving nothing", async () => {
    const target = await newInstance();
    const damaged = archive.slice();
    const offset = Buffer.from(damaged).indexOf('"Drill"');
    expect(offset).toBeGreaterThan(0);
    damaged[offset + 3] = "x".charCodeAt(0);
    const error = await importError(target, damaged);
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.message).toContain("is damaged");
    await expectNothingImported(target);
  });

  test("truncated archive, leaving nothing", async () => {
    const target = await newInstance();
    const error = await importError(target, archive.slice(0, Math.floor(archive.length * 0.9)));
    expect(error.message).toContain("truncated");
    await expectNothingImported(target);
  });

  test("file that is not an archive", async () => {
    const target = await newInstance();
    const error = await importError(target, new TextEncoder().encode("just some text\n".repeat(100)));
    expect(error.message).toContain("tar header");
  });
});
