/**
 * postgresql.conf of the embedded database. PGlite replaces the whole file with these lines at
 * every start, so the settings initdb would have written must be repeated here.
 *
 * NOTE: PGlite 0.5.17 never calls fsync: it starts PostgreSQL with fsync off, and its Node file
 * system (Emscripten's NODEFS) implements no fsync. A process crash loses nothing, but a power
 * loss or kernel crash can lose recent commits or damage the data directory.
 */
export const postgresqlConf = [
  // The defaults (128 MB of shared buffers) double the resident memory of the process for no
  // gain at this scale; the kernel's page cache still caches the data files.
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
];
