import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { generateSigningKeyText, parseSigningKey } from "../auth/signing-key.ts";
import { loadConfig, type Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import { createApp } from "../http/app.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv, Clock } from "../http/env.ts";
import { silentLogger } from "../log/logger.ts";
import { version } from "../version.ts";
import { getTestDatabase } from "./database.ts";

/** A clock that stays at one instant until a test moves it. */
export interface TestClock extends Clock {
  set(date: Date): void;
  advance(milliseconds: number): void;
}

export function createTestClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}

export interface RequestOptions {
  body?: unknown;
  /** Session cookie of the caller (`TestUser.cookie`); anonymous when absent. */
  cookie?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  db: Database;
  config: Config;
  clock: TestClock;
  /** Call the app in process, as Hono's own tests do. JSON bodies are encoded for you. */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
}

/**
 * Build the whole application around the shared test database, a fresh state directory, a
 * movable clock and a new signing key. `configure` may change the configuration first.
 */
export async function createTestApp(configure?: (config: Config) => void, extraDeps?: Partial<AppDeps>): Promise<TestApp> {
  const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-test-"));
  const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
  config.secureCookies = false;
  configure?.(config);

  const db = await getTestDatabase();
  const clock = createTestClock();
  const deps: AppDeps = {
    db,
    log: silentLogger,
    clock,
    config,
    signingKey: parseSigningKey(generateSigningKeyText()),
    version,
    readiness: async () => ({ ready: true }),
    testClientAddresses: true,
    ...extraDeps,
  };
  const app = createApp(deps);

  const request = (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData || typeof options.body === "string") {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(app.request(`http://localhost${path}`, { method, headers, body }));
  };

  return { app, deps, db, config, clock, request };
}
