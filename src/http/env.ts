import type { Database } from "../db/database.ts";
import type { Logger } from "../log/logger.ts";

/** The authenticated caller, taken from a verified access token and checked against the database. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
}

/**
 * The user and session epoch named by a verified access token. Whether the epoch is still the
 * user's current one is a question for the database (see `requireSession`).
 */
export interface Session {
  userId: string;
  epoch: number;
}

/** Wall-clock source; tests hand in a fixed or movable one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Per-request values that middleware stores on the Hono context. */
export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    viewer: Viewer | null;
    session: Session | null;
  };
};

/** The pieces every route factory needs; features add their own services beside these. */
export interface CoreDeps {
  db: Database;
  log: Logger;
  clock: Clock;
}
