import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The format versions PostgreSQL stamps into a data directory at `initdb`. */
export interface DataDirVersions {
  /** Major version, the content of `PG_VERSION` (e.g. "18"). */
  postgresMajorVersion: string;
  /** `pg_control_version` from `global/pg_control`. */
  controlVersion: number;
  /** `catalog_version_no` from `global/pg_control`; it changes whenever the system catalogs do. */
  catalogVersion: number;
}

/**
 * Read the versions of an existing data directory. Returns undefined for a file that is missing
 * or too short, which the caller reports as damage.
 */
export function readDataDirVersions(dataDir: string): DataDirVersions | undefined {
  let postgresMajorVersion: string;
  let control: Buffer;
  try {
    postgresMajorVersion = readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim();
    control = readFileSync(join(dataDir, "global", "pg_control"));
  } catch {
    return undefined;
  }
  // ControlFileData starts with the 8-byte system identifier, then these two 32-bit fields in
  // the byte order of the machine that wrote them; WebAssembly is always little-endian.
  if (control.length < 16) return undefined;
  return {
    postgresMajorVersion,
    controlVersion: control.readUInt32LE(8),
    catalogVersion: control.readUInt32LE(12),
  };
}
