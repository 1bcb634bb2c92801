import type { SqlFragment } from "./sql.ts";

/** Something that runs statements: the pool itself or one transaction. */
export interface Queryable {
  /** Run a statement and return its rows. */
  query<Row = Record<string, unknown>>(statement: SqlFragment): Promise<Row[]>;
}

export type DatabaseKind = "postgres" | "embedded";

/**
 * The database as the rest of the server sees it. Both backends run the same SQL text;
 * the only difference callers may rely on is `kind` (for log lines and start-up checks).
 */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Where the data lives, for log lines: a data directory, or host and database name. */
  readonly description: string;
  /**
   * Run `work` in one transaction, committed when it resolves and rolled back when it throws.
   * Statements must go through the `tx` handed in, not the pool, to be part of it.
   */
  transaction<Result>(work: (tx: Queryable) => Promise<Result>): Promise<Result>;
  close(): Promise<void>;
}

/** Return the first row, or undefined when the statement produced none. */
export async function queryOne<Row = Record<string, unknown>>(
  db: Queryable,
  statement: SqlFragment,
): Promise<Row | undefined> {
  const rows = await db.query<Row>(statement);
  return rows[0];
}
