import type { FaultUser } from "./fault-setup.ts";

/** One request of the load and how it ended. */
export interface Outcome {
  operation: "create-thing" | "add-cart-item" | "read-profile" | "list-things";
  /** HTTP status, or 0 when no response arrived (see `failure`). */
  status: number;
  /** Why no response arrived: the deadline passed, or the connection failed. */
  failure?: "deadline" | "network";
  retryAfter: string | null;
  /** The `error` field of an error envelope. */
  errorCode?: string;
  startedAt: number;
  endedAt: number;
  /** The name given to a thing that was created, so the database can be checked for it. */
  thingName?: string;
  thingId?: string;
}

export interface MixedLoadOptions {
  baseUrl: string | (() => string);
  users: readonly FaultUser[];
  /** Things of each user (by user id) that the cart operation adds. */
  cartThings: ReadonlyMap<string, readonly string[]>;
  /** Concurrent clients, each sending one request after another. */
  clients: number;
  /** Every request is abandoned after this long and recorded as a hang. */
  requestDeadlineMs: number;
  /** Marks the names of created things, so a test finds its own in a shared database. */
  namePrefix: string;
  /** Pause between two requests of one client. */
  pauseMs?: number;
}

export interface MixedLoad {
  readonly outcomes: Outcome[];
  stop(): Promise<void>;
}

/** The property set every created thing gets; a thing with fewer was half-written. */
export const propertiesPerCreatedThing = 3;

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length]!;
}

/**
 * Send creates, cart additions and reads as several concurrent clients until stopped, and
 * record every outcome. Each created thing carries three properties and a quantity, all
 * written in one transaction, so a check afterwards can tell a complete thing from a partial.
 */
export function startMixedLoad(options: MixedLoadOptions): MixedLoad {
  const outcomes: Outcome[] = [];
  let running = true;
  const baseUrl = typeof options.baseUrl === "string" ? () => options.baseUrl as string : options.baseUrl;

  const send = async (operation: Outcome["operation"], path: string, user: FaultUser, init: RequestInit = {}, thingName?: string) => {
    const startedAt = performance.now();
    const outcome: Outcome = { operation, status: 0, retryAfter: null, startedAt, endedAt: startedAt, thingName };
    try {
      const response = await fetch(`${baseUrl()}${path}`, {
        ...init,
        headers: { Cookie: user.cookie, ...(init.body ? { "Content-Type": "application/json" } : {}) },
        signal: AbortSignal.timeout(options.requestDeadlineMs),
      });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      outcome.status = response.status;
      outcome.retryAfter = response.headers.get("Retry-After");
      if (typeof body?.error === "string") outcome.errorCode = body.error;
      if (operation === "create-thing" && typeof body?.id === "string") outcome.thingId = body.id;
    } catch (error) {
      const name = (error as Error).name;
      outcome.failure = name === "TimeoutError" || name === "AbortError" ? "deadline" : "network";
    }
    outcome.endedAt = performance.now();
    outcomes.push(outcome);
  };

  const client = async (clientIndex: number) => {
    for (let round = 0; running; round += 1) {
      const user = pick(options.users, clientIndex + round);
      switch ((clientIndex + round) % 4) {
        case 0: {
          const name = `${options.namePrefix}-${clientIndex}-${round}`;
          const properties = Array.from({ length: propertiesPerCreatedThing }, (_, index) => ({ type: "string", name: `p${index}`, value: `${name}/${index}` }));
          await send("create-thing", "/api/things", user, { method: "POST", body: JSON.stringify({ name, properties, quantity: 3 }) }, name);
          break;
        }
        case 1:
          await send("add-cart-item", `/api/cart/items/${pick(options.cartThings.get(user.id) ?? [], round)}`, user, { method: "POST" });
          break;
        case 2:
          await send("read-profile", "/api/user/profile", user);
          break;
        default:
          await send("list-things", "/api/things?perPage=10", user);
      }
      if (options.pauseMs) await Bun.sleep(options.pauseMs);
    }
  };

  const clients = Array.from({ length: options.clients }, (_, index) => client(index));
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** Count outcomes by a key, for failure messages that show what happened. */
export function tally(outcomes: readonly Outcome[], key: (outcome: Outcome) => string = (outcome) => `${outcome.operation} ${outcome.status || outcome.failure}`): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[key(outcome)] = (counts[key(outcome)] ?? 0) + 1;
  return counts;
}
