import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { lockDataDir, LOCK_FILE, type DataDirLock } from "./data-dir-lock.ts";
import type { DataDirTemplate, DataDirTemplateManifest } from "./data-dir-template.ts";
import { EmbeddedDatabaseError } from "./embedded-error.ts";
import { describeFileError } from "./file-errors.ts";
import { syncfs } from "./libc.ts";
import { readDataDirVersions } from "./pg-control.ts";

/** Present while the template is being unpacked; a directory that has it may be unpacked again. */
const INITIALIZING_MARKER = "stashsphere.initializing";

export interface PreparedDataDir {
  /** Absolute path of the data directory. */
  path: string;
  lock: DataDirLock;
  /** True when this call created the database from the template. */
  created: boolean;
}

function createDirectory(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new EmbeddedDatabaseError(`cannot create data directory ${path}: ${describeFileError(error)}`);
  }
  if (!statSync(path).isDirectory()) {
    throw new EmbeddedDatabaseError(`data directory ${path} exists but is not a directory`);
  }
}

/**
 * Refuse a directory made by another PostgreSQL major version or another catalog version:
 * PGlite would fail on it with a bare "failed to initialize" or abort the WebAssembly module.
 */
function checkCompatibility(path: string, expected: DataDirTemplateManifest): void {
  const found = readDataDirVersions(path);
  const embedded = `PostgreSQL ${expected.postgresMajorVersion} (PGlite ${expected.pgliteVersion})`;
  if (!found) {
    throw new EmbeddedDatabaseError(`data directory ${path} is damaged: global/pg_control is missing or truncated`);
  }
  if (found.postgresMajorVersion !== expected.postgresMajorVersion) {
    throw new EmbeddedDatabaseError(
      `data directory ${path} was created by PostgreSQL ${found.postgresMajorVersion}, but this build embeds ${embedded}; ` +
        "export it with the version that created it, or choose another directory",
    );
  }
  if (found.catalogVersion !== expected.catalogVersion || found.controlVersion !== expected.controlVersion) {
    throw new EmbeddedDatabaseError(
      `data directory ${path} has catalog version ${found.catalogVersion}, but this build embeds ${embedded} ` +
        `with catalog version ${expected.catalogVersion}; it was created by another PGlite release`,
    );
  }
}

/**
 * Catch files that belong to another user, as after one start as root: PGlite would otherwise
 * fail at its first write with no useful message.
 */
function checkFilesAccessible(path: string): void {
  for (const relative of ["PG_VERSION", "global/pg_control", "base", "pg_wal"]) {
    try {
      accessSync(join(path, relative), constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `data directory ${path} contains ${relative}, which this user cannot read and write: ${describeFileError(error)}; ` +
          "give the files to the user that runs StashSphere",
      );
    }
  }
}

/** Call `sync` with a read-only descriptor of `path`, a file or a directory. */
function withDescriptor(path: string, sync: (fd: number) => void): void {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    sync(fd);
  } finally {
    closeSync(fd);
  }
}

async function unpackTemplate(path: string, template: DataDirTemplate): Promise<void> {
  const foreign = readdirSync(path).filter((name) => name !== LOCK_FILE && name !== INITIALIZING_MARKER);
  if (foreign.length > 0 && !existsSync(join(path, INITIALIZING_MARKER))) {
    throw new EmbeddedDatabaseError(
      `data directory ${path} is not empty and contains no database (found ${foreign.slice(0, 3).join(", ")}); choose an empty directory`,
    );
  }
  try {
    writeFileSync(join(path, INITIALIZING_MARKER), "");
    const archive = new Bun.Archive(await Bun.file(template.archivePath).bytes());
    // PG_VERSION marks a finished database, so it is written last and only once everything
    // else is on disk. One syncfs(2) is far quicker than a thousand fsyncs.
    await archive.extract(path, { glob: ["**", "!PG_VERSION"] });
    withDescriptor(path, syncfs);
    await archive.extract(path, { glob: "PG_VERSION" });
    withDescriptor(join(path, "PG_VERSION"), fsyncSync);
    withDescriptor(path, fsyncSync);
    rmSync(join(path, INITIALIZING_MARKER));
  } catch (error) {
    throw new EmbeddedDatabaseError(`could not create the database in ${path}: ${describeFileError(error)}`);
  }
}

/**
 * Make `dataDir` ready for PGlite: create it (mode 0700), lock it, and either unpack a new
 * database from the template or check that the existing one was made by the embedded
 * PostgreSQL and is writable. The caller owns the returned lock.
 */
export async function prepareDataDir(dataDir: string, template: DataDirTemplate): Promise<PreparedDataDir> {
  const path = resolve(dataDir);
  createDirectory(path);
  const lock = lockDataDir(path);
  try {
    // PGlite writes its files with mode 0666, so the directory's own mode is what keeps other
    // users out. Only the owner may change it; for anyone else the mode stays as it is.
    const { mode, uid } = statSync(path);
    if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(path, 0o700);

    if (existsSync(join(path, "PG_VERSION"))) {
      // Left behind when a crash came after PG_VERSION was on disk but before its removal was.
      rmSync(join(path, INITIALIZING_MARKER), { force: true });
      checkFilesAccessible(path);
      checkCompatibility(path, template.manifest);
      return { path, lock, created: false };
    }
    await unpackTemplate(path, template);
    return { path, lock, created: true };
  } catch (error) {
    lock.release();
    throw error;
  }
}
