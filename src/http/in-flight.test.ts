import { describe, expect, test } from "bun:test";
import { countInFlightRequests } from "./in-flight.ts";

describe("countInFlightRequests", () => {
  test("idle waits for the running handlers", async () => {
    const inFlight = countInFlightRequests();
    const { promise: release, resolve: finishHandler } = Promise.withResolvers<void>();
    const handled = inFlight.track(() => release);

    expect(inFlight.count).toBe(1);
    const idle = inFlight.idle(10_000);
    finishHandler();
    await handled;

    expect(await idle).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  test("idle gives up after its timeout", async () => {
    const inFlight = countInFlightRequests();
    const { promise: never } = Promise.withResolvers<void>();
    void inFlight.track(() => never);

    expect(await inFlight.idle(20)).toBe(false);
  });

  test("a failing handler is no longer counted", async () => {
    const inFlight = countInFlightRequests();

    await expect(inFlight.track(() => Promise.reject(new Error("handler failed")))).rejects.toThrow("handler failed");
    expect(inFlight.count).toBe(0);
    expect(await inFlight.idle(0)).toBe(true);
  });
});
