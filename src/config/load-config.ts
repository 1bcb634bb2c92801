import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import * as v from "valibot";
import { completeConfig, type Config } from "./complete-config.ts";
import { ConfigError } from "./config-error.ts";
import { formatKeyPath } from "./key-path.ts";
import { matchKnownKeys } from "./match-known-keys.ts";
import { mergeConfigTree, Provenance } from "./merge-config-tree.ts";
import { readConfigFile, type ConfigTree } from "./read-config-file.ts";
import { configShape } from "./reference.ts";
import { configSchema, type ValidatedSettings } from "./schema.ts";

export interface LoadConfigOptions {
  /** Files in the order given on the command line; later files win. Empty or absent: ./stashsphere.yaml if it exists. */
  files?: string[];
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** The --disable-secure-cookies flag. */
  disableSecureCookiesFlag?: boolean;
  /** Directory that relative file names and paths are resolved against; defaults to process.cwd(). */
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** One line each, naming the file; for the caller to log. */
  warnings: string[];
  /** The files that were read, in order, as given. */
  sources: string[];
}

const defaultFile = "stashsphere.yaml";

async function defaultFiles(cwd: string): Promise<string[]> {
  try {
    await stat(resolve(cwd, defaultFile));
    return [defaultFile];
  } catch (error) {
    // Without a file the built-in defaults are a working setup with the embedded database.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    return [defaultFile];
  }
}

function describeIssue(issue: v.BaseIssue<unknown>, provenance: Provenance): string {
  const path = (issue.path ?? []).map((item) => item.key as string | number);
  const file = provenance.fileFor(path) ?? "configuration";
  return path.length ? `${file}: ${formatKeyPath(path)}: ${issue.message}` : `${file}: ${issue.message}`;
}

function warningsAbout(settings: ValidatedSettings, provenance: Provenance): string[] {
  const warnings: string[] = [];
  const { domains, auth } = settings;
  if (domains.api) {
    const file = provenance.fileFor(["domains", "api"]);
    const outcome = domains.cookieDomain ? "domains.cookieDomain is set too and wins" : "its value is used as domains.cookieDomain";
    warnings.push(`${file}: domains.api is deprecated, write domains.cookieDomain instead; ${outcome}`);
  }
  if (auth.oidc.enabled && auth.oidc.providers.length === 0) {
    const file = provenance.fileFor(["auth", "oidc", "enabled"]);
    warnings.push(`${file}: auth.oidc.enabled is true but auth.oidc.providers is empty, so no OIDC login is offered`);
  }
  return warnings;
}

/**
 * Load the configuration: built-in defaults, then each file in order (YAML or JSON, merged
 * key by key, later files win), validated once. Throws ConfigError naming the file, the key
 * and what was expected; unknown keys and deprecated spellings come back as warnings.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const files = options.files?.length ? options.files : await defaultFiles(cwd);
  if (configShape.kind !== "map") throw new TypeError("configuration schema must be a map");

  const warnings: string[] = [];
  const merged: ConfigTree = {};
  const provenance = new Provenance();
  // `database:` with nothing below it is null and removes the section, which selects the
  // embedded database. That gets a warning because the operator may have meant PostgreSQL.
  let emptiedDatabaseIn: string | undefined;
  for (const file of files) {
    const read = await readConfigFile(file, resolve(cwd, file));
    const matched = matchKnownKeys(read.tree, configShape, file);
    warnings.push(...read.warnings, ...matched.warnings);
    if (matched.tree.database !== undefined) emptiedDatabaseIn = matched.tree.database === null ? file : undefined;
    mergeConfigTree(merged, matched.tree, file, provenance);
  }

  const result = v.safeParse(configSchema, merged);
  if (!result.success) throw new ConfigError(result.issues.map((issue) => describeIssue(issue, provenance)));
  warnings.push(...warningsAbout(result.output, provenance));
  if (emptiedDatabaseIn !== undefined) {
    warnings.push(`${emptiedDatabaseIn}: database is empty, so the embedded database is used; write "database: {}" for PostgreSQL with default settings`);
  }

  const config = completeConfig(result.output, {
    env: options.env ?? process.env,
    disableSecureCookiesFlag: options.disableSecureCookiesFlag ?? false,
    cwd,
  });
  return { config, warnings, sources: [...files] };
}
