import { chmod, mkdir, readFile, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig, ConfigError, splitConfFlags, type Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import { EmbeddedDatabaseError } from "../db/embedded-error.ts";
import { connectPostgres } from "../db/postgres.ts";
import { generateSigningKeyText, parseSigningKey, SigningKeyError, type SigningKey } from "../auth/signing-key.ts";
import { createLogger, type Logger } from "../log/logger.ts";

/** A problem an operator must fix; printed as one line, exit status 1, no stack trace. */
export class StartupError extends Error {}

export async function loadConfigOrExplain(confFlags: unknown, extra: { disableSecureCookiesFlag?: boolean } = {}): Promise<{ config: Config; log: Logger }> {
  const files = splitConfFlags(Array.isArray(confFlags) ? (confFlags as string[]) : []);
  try {
    const { config, warnings } = await loadConfig({
      files: files.length ? files : undefined,
      env: process.env,
      disableSecureCookiesFlag: extra.disableSecureCookiesFlag,
    });
    const log = createLogger({ level: config.log.level, format: config.log.format });
    for (const warning of warnings) log.warn(warning);
    return { config, log };
  } catch (error) {
    if (error instanceof ConfigError) throw new StartupError(error.message);
    throw error;
  }
}

export function embeddedDataDirectory(config: Config): string {
  return join(config.stateDirectory, "database");
}

/**
 * Open PostgreSQL when `database` is configured, otherwise the embedded database. Only `serve`
 * passes `limitQueryTime`, because a migration or a purge from the command line may run long.
 */
export async function openDatabase(config: Config, log: Logger, options: { limitQueryTime?: boolean } = {}): Promise<Database> {
  if (config.database) {
    const { queryTimeoutSeconds, ...settings } = config.database;
    return connectPostgres({ ...settings, queryTimeoutSeconds: options.limitQueryTime ? queryTimeoutSeconds : 0 });
  }
  const dataDir = embeddedDataDirectory(config);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(`cannot create the embedded database directory ${dataDir}: ${(error as Error).message}`);
  }
  log.info("using the embedded database; add a `database` section to the configuration to use PostgreSQL", { dataDir });
  try {
    // Imported here, not at the top, so that with PostgreSQL configured PGlite's code is never loaded.
    const { openEmbedded } = await import("../db/embedded.ts");
    return await openEmbedded({ dataDir });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw new StartupError(error.message);
    throw error;
  }
}

/** Parse and validate `auth.privateKey`; return undefined when none is configured. */
export function parseConfiguredSigningKey(config: Config): SigningKey | undefined {
  if (!config.auth.privateKey) return undefined;
  try {
    return parseSigningKey(config.auth.privateKey);
  } catch (error) {
    if (error instanceof SigningKeyError) throw new StartupError(error.message);
    throw error;
  }
}

/**
 * The key that signs sessions. A configured key is validated now rather than at the first
 * login. Without one, the embedded setup keeps a generated key in the state directory (mode
 * 0600) so sessions survive restarts; on PostgreSQL several instances must share one key, so
 * the operator has to configure it.
 */
export async function loadSigningKey(config: Config, db: Database, log: Logger): Promise<SigningKey> {
  const configured = parseConfiguredSigningKey(config);
  if (configured) return configured;
  if (db.kind === "postgres") {
    throw new StartupError("auth.privateKey is not set: run `stashsphere genkey` and put the key into your configuration (every instance needs the same key)");
  }
  const path = join(config.stateDirectory, "signing-key");
  try {
    return parseSigningKey((await readFile(path, "utf8")).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new StartupError(`cannot read the signing key ${path}: ${(error as Error).message}`);
    }
  }
  const text = generateSigningKeyText();
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${text}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  log.info("generated a session signing key", { path });
  return parseSigningKey(text);
}
