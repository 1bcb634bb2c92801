import * as v from "valibot";

/**
 * Layout of an export archive (a ustar file, gzip-compressed when asked):
 *
 *   stashsphere-export/manifest.json              always first: format, schema version, tables
 *   stashsphere-export/tables/<table>/<n>.jsonl   rows as JSON lines, one entry per batch
 *   stashsphere-export/images/<hash>              image files, named as in the image store
 *   stashsphere-export/checksums.json             always last: SHA-256 of every entry above
 *
 * Tables come in foreign-key dependency order, so an import can insert batches as they arrive.
 */
export const ARCHIVE_ROOT = "stashsphere-export";
export const MANIFEST_PATH = `${ARCHIVE_ROOT}/manifest.json`;
export const CHECKSUMS_PATH = `${ARCHIVE_ROOT}/checksums.json`;
export const FORMAT_NAME = "stashsphere-export";
export const FORMAT_VERSION = 1;

export function tableBatchPath(table: string, batchNumber: number): string {
  return `${ARCHIVE_ROOT}/tables/${table}/${String(batchNumber).padStart(6, "0")}.jsonl`;
}

export function imagePath(hash: string): string {
  return `${ARCHIVE_ROOT}/images/${hash}`;
}

/** Image store files are named by their content hash; anything else is never turned into a path. */
export const imageFileName = /^[A-Za-z0-9]+$/;

const tablePathPattern = new RegExp(`^${ARCHIVE_ROOT}/tables/([^/]+)/\\d{6}\\.jsonl$`);
const imagePathPattern = new RegExp(`^${ARCHIVE_ROOT}/images/([^/]+)$`);

/** Classify an entry path as a table batch or an image file; undefined for a path no export writes. */
export function classifyEntry(path: string): { kind: "table"; table: string } | { kind: "image"; hash: string } | undefined {
  const table = tablePathPattern.exec(path);
  if (table) return { kind: "table", table: table[1] as string };
  const image = imagePathPattern.exec(path);
  if (image && imageFileName.test(image[1] as string)) return { kind: "image", hash: image[1] as string };
  return undefined;
}

const columnSchema = v.object({ name: v.string(), type: v.string() });

export const manifestSchema = v.object({
  format: v.literal(FORMAT_NAME),
  formatVersion: v.literal(FORMAT_VERSION),
  createdAt: v.string(),
  stashsphereVersion: v.string(),
  sourceDatabase: v.picklist(["postgres", "embedded"]),
  /** Name of the last migration applied to the exported database. */
  lastMigration: v.string(),
  tables: v.array(v.object({ name: v.string(), rows: v.pipe(v.number(), v.integer(), v.minValue(0)), columns: v.array(columnSchema) })),
  /** Distinct image files the `images` table refers to. */
  imageFiles: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Manifest = v.InferOutput<typeof manifestSchema>;

export const checksumsSchema = v.object({
  /** Archive path → SHA-256 (hex) of the entry's data, for every entry but this one. */
  entries: v.record(v.string(), v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))),
  /** Image hashes the database refers to whose file was missing from the image store. */
  missingImageFiles: v.array(v.string()),
});
export type Checksums = v.InferOutput<typeof checksumsSchema>;

/** Raised when an archive cannot be imported; the message gives the reason and the fix. */
export class ArchiveError extends Error {
  override name = "ArchiveError";
}

/** Parse a JSON entry against a schema, naming the entry and the first problem. */
export function parseArchiveJson<Schema extends v.GenericSchema>(path: string, data: Uint8Array, schema: Schema): v.InferOutput<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data));
  } catch (error) {
    throw new ArchiveError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = v.safeParse(schema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((item: { key: unknown }) => String(item.key)).join(".") || "(top level)";
    throw new ArchiveError(`${path}: ${where}: ${issue.message}`);
  }
  return result.output;
}
