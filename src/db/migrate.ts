import { migrations as bundledMigrations, type Migration } from "../../migrations/index.ts";
import type { Database, Queryable } from "./database.ts";
import { inspectDatabase } from "./database-state.ts";
import { splitSqlScript } from "./split-sql-script.ts";
import { sql } from "./sql.ts";

export type { Migration } from "../../migrations/index.ts";

/** The migration that recreates the original's schema; recorded, not run, on adoption. */
export const BASELINE_MIGRATION = "20260206120000_baseline";

/** The state of the database compared with the migrations of this build. */
export interface MigrationStatus {
  /** Names recorded in `stashsphere_migrations`, in order. */
  applied: string[];
  /** Names `migrate` would run, in order. Empty when `rejection` is set. */
  pending: string[];
  /** Recorded names this build does not contain: a newer release migrated the database. */
  unknown: string[];
  /** Set when the original StashSphere migrated the database to the version we take over. */
  adoptable?: { originalVersion: string };
  /** The reason `migrate` would reject this database, in words for the operator. */
  rejection?: string;
}

/** Raised when `migrate` will not touch the database; the message gives the reason and the fix. */
export class MigrationRejectedError extends Error {
  override name = "MigrationRejectedError";
}

/** Raised when a statement of a migration failed; everything `migrate` did was rolled back. */
export class MigrationFailedError extends Error {
  override name = "MigrationFailedError";
  constructor(
    readonly migration: string,
    readonly statementNumber: number,
    statement: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`migration ${migration} failed at statement ${statementNumber} (${previewOf(statement)}): ${reason}`, { cause });
  }
}

const leadingComments = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** Returns the start of a statement without its leading comments, on one line. */
function previewOf(statement: string): string {
  const code = statement.replace(leadingComments, "").replace(/\s+/g, " ");
  return code.length > 60 ? `${code.slice(0, 60)}…` : code;
}

const transactionControl = /^(?:begin|commit|end|rollback|abort|start)\b/i;

// An arbitrary constant that serialises migration runs across all instances using one
// database; transaction-level advisory locks are released by the commit or rollback.
const migrationLockKey = 7_305_427_091_634_113;

/**
 * Applies every pending migration in one transaction and returns the names applied, in
 * order (empty when the schema is current).
 *
 * An advisory lock taken first makes concurrent runs safe: a second instance waits, then
 * finds nothing pending. On any failure the transaction rolls back and the database is as it
 * was. A database last migrated by the original StashSphere at the adoptable version is
 * taken over by recording the baseline as applied, without running it or touching data.
 *
 * @throws MigrationRejectedError when the database is not one this build may migrate.
 * @throws MigrationFailedError when a statement fails.
 */
export async function migrate(
  db: Database,
  options: { migrations?: readonly Migration[] } = {},
): Promise<string[]> {
  const migrations = options.migrations ?? bundledMigrations;

  return db.transaction(async (tx) => {
    // Read committed lets every statement after the lock see what a run that held the lock
    // before committed, even where the server's default isolation level is stricter.
    await tx.query(sql`set transaction isolation level read committed`);
    await tx.query(sql`select pg_advisory_xact_lock(${sql.raw(String(migrationLockKey))})`);

    const state = await inspectDatabase(tx);
    if (state.kind === "rejected") throw new MigrationRejectedError(state.reason);
    if (state.kind !== "managed") await createBookkeeping(tx);
    if (state.kind === "adoptable") {
      await tx.query(sql`insert into stashsphere_migrations (name) values (${BASELINE_MIGRATION})`);
    }

    const plan = planMigrations(migrations, await readAppliedNames(tx));
    const rejection = rejectionOf(plan);
    if (rejection) throw new MigrationRejectedError(rejection);

    for (const migration of plan.pending) await applyMigration(tx, migration);
    return plan.pending.map((migration) => migration.name);
  });
}

/**
 * Compares the database with the migrations of this build without changing anything:
 * `serve` refuses to start while `pending` is not empty, and `/readyz` reports it.
 */
export async function migrationStatus(
  db: Queryable,
  options: { migrations?: readonly Migration[] } = {},
): Promise<MigrationStatus> {
  const migrations = options.migrations ?? bundledMigrations;
  const state = await inspectDatabase(db);

  switch (state.kind) {
    case "rejected":
      return { applied: [], pending: [], unknown: [], rejection: state.reason };
    case "empty":
      return { applied: [], ...namesOf(planMigrations(migrations, [])) };
    case "adoptable":
      return {
        applied: [],
        ...namesOf(planMigrations(migrations, [BASELINE_MIGRATION])),
        adoptable: { originalVersion: state.originalVersion },
      };
    case "managed": {
      const applied = await readAppliedNames(db);
      const plan = planMigrations(migrations, applied);
      const rejection = rejectionOf(plan);
      return rejection
        ? { applied, pending: [], unknown: plan.unknown, rejection }
        : { applied, ...namesOf(plan) };
    }
  }
}

interface MigrationPlan {
  pending: Migration[];
  unknown: string[];
}

function planMigrations(migrations: readonly Migration[], applied: readonly string[]): MigrationPlan {
  const appliedNames = new Set(applied);
  const knownNames = new Set(migrations.map((migration) => migration.name));
  return {
    pending: migrations.filter((migration) => !appliedNames.has(migration.name)),
    unknown: applied.filter((name) => !knownNames.has(name)),
  };
}

/**
 * Returns the reason not to run older migrations on a schema that a newer release changed
 * after them. Migrations unknown to this build alone are no reason: with nothing pending,
 * `migrate` is a no-op, so an older instance restarting during a rolling upgrade still starts.
 */
function rejectionOf(plan: MigrationPlan): string | undefined {
  if (plan.unknown.length === 0 || plan.pending.length === 0) return undefined;
  return `database has migrations this release does not contain (${plan.unknown.join(", ")}), so a newer StashSphere migrated it; run that release or a later one instead of applying ${plan.pending.length} older migration(s) on top`;
}

function namesOf(plan: MigrationPlan): { pending: string[]; unknown: string[] } {
  return { pending: plan.pending.map((migration) => migration.name), unknown: plan.unknown };
}

async function createBookkeeping(tx: Queryable): Promise<void> {
  await tx.query(sql`
    create table stashsphere_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )
  `);
}

async function readAppliedNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(sql`select name from stashsphere_migrations order by name`);
  return rows.map((row) => row.name);
}

async function applyMigration(tx: Queryable, migration: Migration): Promise<void> {
  const statements = splitSqlScript(migration.sql);
  for (const [index, statement] of statements.entries()) {
    // A COMMIT inside a migration would end the transaction that keeps the run all-or-nothing.
    if (transactionControl.test(statement.replace(leadingComments, ""))) {
      throw new MigrationFailedError(migration.name, index + 1, statement, new Error("a migration must not control the transaction"));
    }
    try {
      // The text is a migration file compiled into the binary, never user input.
      await tx.query(sql.raw(statement));
    } catch (error) {
      throw new MigrationFailedError(migration.name, index + 1, statement, error);
    }
  }
  await tx.query(sql`insert into stashsphere_migrations (name) values (${migration.name})`);
}
