import { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's command line for a data directory on disk: PGlite's own without `-F`, the flag
 * that turns fsync off. With fsync off, a power loss or kernel crash can lose commits or damage
 * the data directory. nodefs-fsync.ts makes the fsync calls reach the disk. An in-memory
 * database keeps `-F` because it has nothing to sync.
 */
export const durableStartParams = PGlite.defaultStartParams.filter((param) => param !== "-F");

/**
 * postgresql.conf of the embedded database. PGlite replaces the whole file with these lines at
 * every start, so the settings initdb would have written must be repeated here.
 */
export const postgresqlConf = [
  // The default of 128 MB of shared buffers doubles the resident memory of the process for no
  // gain at this scale. The kernel's page cache still caches the data files.
  "shared_buffers = 16MB",
  // PGlite runs one backend in single-user mode, so the shared memory sized for 100
  // connections is never used. The lock table is sized by the product of these two, and 2,560
  // slots leave room for migrations that create many tables in one transaction.
  "max_connections = 10",
  "max_locks_per_transaction = 256",
  "timezone = 'UTC'",
  "log_timezone = 'UTC'",
  "datestyle = 'iso, mdy'",
  "lc_messages = 'C'",
  "lc_monetary = 'C'",
  "lc_numeric = 'C'",
  "lc_time = 'C'",
  "default_text_search_config = 'pg_catalog.english'",
  // Emscripten implements fdatasync, PostgreSQL's default on Linux, as a no-op.
  "wal_sync_method = fsync",
];
