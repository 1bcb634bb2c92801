import { PGlite } from "@electric-sql/pglite";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { EmbeddedDatabaseError } from "./embedded-error.ts";
import { readDataDirVersions, type DataDirVersions } from "./pg-control.ts";
import { createTarArchive, type TarEntry } from "./tar-archive.ts";

/**
 * Directory of the template, relative to the repository root. build.ts creates it there and
 * embeds the directory in the executable as an asset.
 */
export const DATA_DIR_TEMPLATE_DIR = "dist/pgdata-template";
const ARCHIVE_FILE = "pgdata.tar.gz";
const MANIFEST_FILE = "manifest.json";

export interface DataDirTemplateManifest extends DataDirVersions {
  pgliteVersion: string;
}

/**
 * A data directory as `initdb` leaves it, shut down cleanly and packed as a gzipped tar whose
 * last entry is `PG_VERSION`. Unpacking it replaces running `initdb` on first start, which in
 * PGlite 0.5.17 takes about 5 s and 870 MB because it runs in a second WebAssembly instance
 * whose result is copied through an in-memory tarball.
 *
 * NOTE: every database unpacked from one build's template has the same system identifier in
 * pg_control. PostgreSQL uses it only to match WAL and replicas to a cluster, neither of which
 * PGlite has.
 */
export interface DataDirTemplate {
  archivePath: string;
  manifest: DataDirTemplateManifest;
}

function templateDirectory(): string {
  // A directory given to `compile.assets` is embedded under its own name below the
  // executable's root, which is import.meta.dir of every bundled module.
  return Bun.isStandaloneExecutable
    ? join(import.meta.dir, basename(DATA_DIR_TEMPLATE_DIR))
    : join(import.meta.dir, "..", "..", DATA_DIR_TEMPLATE_DIR);
}

/** Read the version of the PGlite package installed beside the sources. */
export function installedPgliteVersion(): string {
  let directory = dirname(Bun.resolveSync("@electric-sql/pglite", import.meta.dir));
  while (!existsSync(join(directory, "package.json"))) directory = dirname(directory);
  return JSON.parse(readFileSync(join(directory, "package.json"), "utf8")).version;
}

function readTemplate(directory: string): DataDirTemplate | undefined {
  const archivePath = join(directory, ARCHIVE_FILE);
  const manifestPath = join(directory, MANIFEST_FILE);
  if (!existsSync(archivePath) || !existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as DataDirTemplateManifest;
  return { archivePath, manifest };
}

function listDataDirEntries(root: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const visit = (relative: string) => {
    for (const name of readdirSync(join(root, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      // PostgreSQL's own lock file; PGlite leaves it behind after a clean shutdown.
      if (path === "postmaster.pid" || path === "PG_VERSION") continue;
      if (statSync(join(root, path)).isDirectory()) {
        entries.push({ path: `${path}/`, mode: 0o700 });
        visit(path);
      } else {
        entries.push({ path, mode: 0o600, data: readFileSync(join(root, path)) });
      }
    }
  };
  visit("");
  // Last, so that a data directory with PG_VERSION was unpacked completely.
  entries.push({ path: "PG_VERSION", mode: 0o600, data: readFileSync(join(root, "PG_VERSION")) });
  return entries;
}

async function writeFileAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await Bun.write(temporary, data);
  await rename(temporary, path);
}

/** Run `initdb` through PGlite and write the template and its manifest into `outDir`. */
export async function createDataDirTemplate(outDir: string): Promise<DataDirTemplate> {
  const scratch = await mkdtemp(join(tmpdir(), "stashsphere-initdb-"));
  try {
    // Opening an empty directory runs initdb; closing shuts PostgreSQL down cleanly, so a
    // directory unpacked from the template starts without crash recovery.
    const pg = await PGlite.create({ dataDir: scratch });
    await pg.close();

    const versions = readDataDirVersions(scratch);
    if (!versions) throw new Error(`initdb left no readable PG_VERSION and global/pg_control in ${scratch}`);
    const manifest: DataDirTemplateManifest = { pgliteVersion: installedPgliteVersion(), ...versions };
    const archive = Bun.gzipSync(createTarArchive(listDataDirEntries(scratch)), { level: 9 });

    await mkdir(outDir, { recursive: true });
    const archivePath = join(outDir, ARCHIVE_FILE);
    // The manifest goes last: a directory that has one has a complete archive too.
    await writeFileAtomically(archivePath, archive);
    await writeFileAtomically(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { archivePath, manifest };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

let located: Promise<DataDirTemplate> | undefined;

/**
 * Find the data directory template: embedded in a compiled executable, under `dist/` when
 * running from source. From source a missing or outdated template (another PGlite version) is
 * created first, once per checkout.
 */
export function findDataDirTemplate(): Promise<DataDirTemplate> {
  located ??= (async () => {
    const directory = templateDirectory();
    const template = readTemplate(directory);
    if (Bun.isStandaloneExecutable) {
      if (!template) {
        throw new EmbeddedDatabaseError(
          "this executable contains no embedded database template; build it with `bun run build.ts`",
        );
      }
      return template;
    }
    if (template && template.manifest.pgliteVersion === installedPgliteVersion()) return template;
    return createDataDirTemplate(directory);
  })().catch((error: unknown) => {
    located = undefined;
    throw error;
  });
  return located;
}
