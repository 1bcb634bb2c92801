import { createRemoteJWKSet } from "jose";
import type { Config, OidcProviderConfig } from "../config/index.ts";
import type { Logger } from "../log/logger.ts";
import { fetchProviderMetadata, type ProviderMetadata } from "./discovery.ts";

/** A configured provider whose discovery document has been fetched. */
export interface DiscoveredProvider {
  config: OidcProviderConfig;
  metadata: ProviderMetadata;
  /** The provider's signing keys; jose caches them and refetches when a token names an unknown key. */
  keys: ReturnType<typeof createRemoteJWKSet>;
}

export interface ProviderStatus {
  name: string;
  displayName: string;
  /** False until discovery has succeeded once. */
  available: boolean;
}

/** Discovery has not succeeded yet; the message says why, for the operator and the 503 body. */
export class ProviderUnavailableError extends Error {}

/**
 * The configured OpenID Connect providers and what discovery found out about them. Discovery
 * runs in the background from the start: a provider that is down keeps being retried with
 * exponential backoff, so it works as soon as it comes up, without a restart. Metadata is
 * refetched every hour; when a refetch fails, the last good metadata stays in use.
 */
export interface ProviderDirectory {
  /** The configuration of the provider with this name; undefined for an unknown name. */
  find(name: string): OidcProviderConfig | undefined;
  statuses(): ProviderStatus[];
  /**
   * The provider with its metadata. When discovery has not succeeded yet, one attempt is made
   * now (shared with any attempt already running); throws ProviderUnavailableError if it fails.
   */
  discovered(name: string): Promise<DiscoveredProvider>;
  /** Stop the background work. */
  close(): void;
}

export interface ProviderDirectoryOptions {
  providers: readonly OidcProviderConfig[];
  log: Logger;
  fetch?: typeof fetch;
  refreshIntervalMs?: number;
  firstRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

interface ProviderState {
  config: OidcProviderConfig;
  current?: DiscoveredProvider;
  failures: number;
  lastError?: string;
  attempt?: Promise<void>;
  timer?: ReturnType<typeof setTimeout>;
}

export function createProviderDirectory(options: ProviderDirectoryOptions): ProviderDirectory {
  const refreshIntervalMs = options.refreshIntervalMs ?? 60 * 60 * 1000;
  const firstRetryDelayMs = options.firstRetryDelayMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5 * 60 * 1000;
  const states = new Map(options.providers.map((config) => [config.name, { config, failures: 0 } as ProviderState]));
  let closed = false;

  const schedule = (state: ProviderState, delayMs: number) => {
    clearTimeout(state.timer);
    if (closed) return;
    state.timer = setTimeout(() => void discover(state), delayMs);
    state.timer.unref?.();
  };

  const retryDelay = (failures: number) => {
    const base = Math.min(maxRetryDelayMs, firstRetryDelayMs * 2 ** Math.min(failures - 1, 30));
    // Jitter keeps several instances from retrying a recovering provider in lockstep.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  const discover = (state: ProviderState): Promise<void> => {
    state.attempt ??= attemptDiscovery(state).finally(() => {
      state.attempt = undefined;
    });
    return state.attempt;
  };

  const attemptDiscovery = async (state: ProviderState) => {
    const { name, issuer_url: issuerUrl } = state.config;
    try {
      const metadata = await fetchProviderMetadata(issuerUrl, options.fetch);
      const keys = state.current?.metadata.jwksUri === metadata.jwksUri ? state.current.keys : createRemoteJWKSet(new URL(metadata.jwksUri));
      const recovered = state.current === undefined || state.failures > 0;
      state.current = { config: state.config, metadata, keys };
      if (recovered) options.log.info("OIDC provider discovered", { provider: name, issuer: metadata.issuer, failedAttempts: state.failures });
      state.failures = 0;
      state.lastError = undefined;
      schedule(state, refreshIntervalMs);
    } catch (error) {
      const message = (error as Error).message;
      state.failures += 1;
      const delayMs = retryDelay(state.failures);
      // A provider that stays down would log a line per retry; repeat the warning only when the reason changes.
      const level = message === state.lastError ? "debug" : "warn";
      options.log[level]("OIDC provider discovery failed; retrying", {
        provider: name,
        error: message,
        attempt: state.failures,
        retryInSeconds: Math.round(delayMs / 1000),
        usingEarlierMetadata: state.current !== undefined,
      });
      state.lastError = message;
      schedule(state, delayMs);
    }
  };

  for (const state of states.values()) void discover(state);

  return {
    find: (name) => states.get(name)?.config,
    statuses: () =>
      [...states.values()].map((state) => ({ name: state.config.name, displayName: state.config.display_name, available: state.current !== undefined })),
    async discovered(name) {
      const state = states.get(name);
      if (!state) throw new TypeError(`unknown OIDC provider ${name}; look it up with find() first`);
      if (!state.current) await discover(state);
      if (state.current) return state.current;
      throw new ProviderUnavailableError(`login with ${state.config.display_name} is unavailable right now: ${state.lastError ?? "discovery has not finished"}`);
    },
    close() {
      closed = true;
      for (const state of states.values()) clearTimeout(state.timer);
    },
  };
}

const directories = new WeakMap<object, ProviderDirectory>();

/**
 * The directory for one application: `deps.oidcProviders` when a test hands one in, else one
 * built from the configuration on first use and shared by every route of that application.
 */
export function providerDirectoryFor(deps: { config: Config; log: Logger; oidcProviders?: ProviderDirectory }): ProviderDirectory {
  if (deps.oidcProviders) return deps.oidcProviders;
  let directory = directories.get(deps);
  if (!directory) {
    const oidc = deps.config.auth.oidc;
    directory = createProviderDirectory({ providers: oidc.enabled ? oidc.providers : [], log: deps.log });
    directories.set(deps, directory);
  }
  return directory;
}
