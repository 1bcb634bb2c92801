import { join, resolve } from "node:path";
import type { ValidatedSettings } from "./schema.ts";

type ImageSettings = ValidatedSettings["image"];

/** The validated settings plus the values derived from them, the environment and the command line. */
export type Config = Omit<ValidatedSettings, "image" | "stateDirectory" | "frontendUrl"> & {
  /** Public URL of the web app; see `defaultFrontendUrl` for the value when no file sets it. */
  frontendUrl: string;
  image: Omit<ImageSettings, "path" | "cachePath"> & { path: string; cachePath: string };
  /** Absolute directory for the embedded database, images and the generated signing key. */
  stateDirectory: string;
  /** Absolute directory for data that may be thrown away, such as resized images. */
  cacheDirectory: string;
  /** `Domain` attribute of the auth cookies: `domains.cookieDomain`, else the deprecated `domains.api`; empty for host-only. */
  cookieDomain: string;
  /** Whether auth cookies carry the Secure attribute. */
  secureCookies: boolean;
};

export interface Surroundings {
  env: Record<string, string | undefined>;
  disableSecureCookiesFlag: boolean;
  /** Relative paths in the configuration are resolved against this directory. */
  cwd: string;
}

/** Read an environment variable. An empty value counts as unset, as in the original server. */
function environmentValue(env: Surroundings["env"], name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Point at localhost on the port of `listenAddress`. The original's fixed `http://localhost`
 * made links in e-mails from a quick start miss the port.
 */
export function defaultFrontendUrl(listenAddress: string): string {
  const port = listenAddress.slice(listenAddress.lastIndexOf(":") + 1);
  return port === "80" ? "http://localhost" : `http://localhost:${port}`;
}

/**
 * Fill in the derived fields. Directories: `stateDirectory`, else $STATE_DIRECTORY (set by
 * systemd's StateDirectory=, used as one path even when it contains colons), else
 * ./stashsphere-data; the cache lives in $CACHE_DIRECTORY, else <stateDirectory>/cache.
 */
export function completeConfig(settings: ValidatedSettings, surroundings: Surroundings): Config {
  const { env, cwd } = surroundings;
  const systemdState = environmentValue(env, "STATE_DIRECTORY");
  const systemdCache = environmentValue(env, "CACHE_DIRECTORY");

  const stateDirectory = resolve(cwd, settings.stateDirectory ?? systemdState ?? "stashsphere-data");
  const cacheDirectory = resolve(cwd, systemdCache ?? join(stateDirectory, "cache"));
  // $STATE_DIRECTORY/image_store is where the original server kept images under systemd, so
  // it wins over a configured stateDirectory and an existing store is found after the switch.
  const imageStore = resolve(cwd, settings.image.path ?? join(systemdState ?? stateDirectory, "image_store"));
  const imageCache = resolve(cwd, settings.image.cachePath ?? join(cacheDirectory, "image_cache"));

  // Each level can only turn Secure off: the flag, then the variable (exactly "true"), then the file.
  const secureCookiesOff =
    surroundings.disableSecureCookiesFlag ||
    env.STASHSPHERE_DISABLE_SECURE_COOKIES === "true" ||
    settings.auth.disableSecureCookies;

  return {
    ...settings,
    image: { ...settings.image, path: imageStore, cachePath: imageCache },
    frontendUrl: settings.frontendUrl ?? defaultFrontendUrl(settings.listenAddress),
    stateDirectory,
    cacheDirectory,
    cookieDomain: settings.domains.cookieDomain || settings.domains.api,
    secureCookies: !secureCookiesOff,
  };
}
