import { expect } from "bun:test";
import type { Database } from "../../../src/db/database.ts";
import { propertiesPerCreatedThing, tally, type Outcome } from "./mixed-load.ts";
import { storedThingsNamed } from "./thing-checks.ts";

/** Check that no request hung or lost its connection and every failure is a 503 with Retry-After. */
export function expectEveryFailureIsA503(outcomes: readonly Outcome[]): void {
  expect(tally(outcomes.filter((outcome) => outcome.failure))).toEqual({});
  const failures = outcomes.filter((outcome) => outcome.status >= 300);
  expect(tally(failures.filter((outcome) => outcome.status !== 503 || outcome.errorCode !== "service_unavailable"))).toEqual({});
  expect(tally(failures.filter((outcome) => outcome.retryAfter === null))).toEqual({});
}

/**
 * Check that every thing whose creation was acknowledged with a 201 is stored, and that every
 * stored thing of the load has all its properties and its quantity. Returns how many were
 * acknowledged.
 */
export async function expectCreatedThingsWhole(db: Database, namePrefix: string, outcomes: readonly Outcome[]): Promise<number> {
  const stored = await storedThingsNamed(db, namePrefix);
  const storedNames = new Set(stored.map((thing) => thing.name));
  const acknowledged = outcomes.filter((outcome) => outcome.operation === "create-thing" && outcome.status === 201);
  expect(acknowledged.filter((outcome) => !storedNames.has(outcome.thingName!))).toEqual([]);
  expect(stored.filter((thing) => thing.properties !== propertiesPerCreatedThing || thing.quantity !== 3)).toEqual([]);
  return acknowledged.length;
}

/** Find the first success that ended after `after` (a `performance.now()` time), waiting up to `timeoutMs`. */
export async function waitForSuccessAfter(outcomes: readonly Outcome[], after: number, timeoutMs: number): Promise<Outcome | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const success = outcomes.find((outcome) => outcome.status >= 200 && outcome.status < 300 && outcome.endedAt > after);
    if (success) return success;
    await Bun.sleep(20);
  }
  return undefined;
}

/** Select the requests sent and answered entirely between `from` and `to`. */
export function outcomesWithin(outcomes: readonly Outcome[], from: number, to: number): Outcome[] {
  return outcomes.filter((outcome) => outcome.startedAt > from && outcome.endedAt < to);
}

/** Print one line of figures for the report: requests, recovery time, slowest failure, counts. */
export function reportOutage(label: string, outcomes: readonly Outcome[], outage: { from: number; to: number; recoveredBy?: Outcome }): void {
  const during = outcomesWithin(outcomes, outage.from, outage.to);
  const slowest = Math.max(0, ...during.map((outcome) => outcome.endedAt - outcome.startedAt));
  const recovery = outage.recoveredBy ? `${(outage.recoveredBy.endedAt - outage.to).toFixed(0)} ms` : "never";
  console.log(
    `${label}: ${outcomes.length} requests, outage ${((outage.to - outage.from) / 1000).toFixed(1)} s,`,
    `first success ${recovery} after the database was back, slowest response during the outage ${slowest.toFixed(0)} ms`,
    JSON.stringify(tally(outcomes)),
  );
}
