import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import { countRows, createThingAs, expectStatus } from "./thing-fixtures.ts";
import type { Thing } from "./thing-json.ts";

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t);
});

const change = (thingId: string, body: unknown) =>
  t.request("POST", `/api/things/${thingId}/quantity`, { cookie: owner.cookie, body });

describe("POST /api/things/:id/quantity", () => {
  test("adds and takes away", async () => {
    const thing = await createThingAs(t, owner, { quantity: 5 });

    const added = await expectStatus<Thing>(await change(thing.id, { delta: 3 }), 200);
    const removed = await expectStatus<Thing>(await change(thing.id, { delta: -8 }), 200);

    expect(added.quantity).toBe(8);
    expect(removed.quantity).toBe(0);
  });

  test("sets the unit when given", async () => {
    const thing = await createThingAs(t, owner, { quantity: 1 });

    const changed = await expectStatus<Thing>(await change(thing.id, { delta: 1, unit: "rolls" }), 200);

    expect(changed.quantity).toBe(2);
    expect(changed.quantityUnit).toBe("rolls");
  });

  test("a delta of 0 writes no ledger entry", async () => {
    const thing = await createThingAs(t, owner, { quantity: 1 });

    await expectStatus(await change(thing.id, { delta: 0 }), 200);

    expect(await countRows(t.db, sql`select count(*)::int as count from quantity_entries where thing_id = ${thing.id}`)).toBe(1);
  });

  test("going below 0 is a 400 and changes nothing", async () => {
    const thing = await createThingAs(t, owner, { quantity: 2 });

    const error = await expectStatus<{ message: string; field: string }>(await change(thing.id, { delta: -3 }), 400);

    expect(error.field).toBe("delta");
    expect(error.message).toBe("delta: the quantity is 2, so it cannot go down by 3; a quantity is never below 0");
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);
    expect(stored.quantity).toBe(2);
  });

  test("a delta that is not a whole number is a 400", async () => {
    const thing = await createThingAs(t, owner);

    for (const delta of ["1", 0.5, null]) {
      const error = await expectStatus<{ message: string }>(await change(thing.id, { delta }), 400);
      expect(error.message).toBe("delta: must be a whole number");
    }
    const missing = await expectStatus<{ message: string }>(await change(thing.id, {}), 400);
    expect(missing.message).toBe("delta: is required");
  });

  test("concurrent increments all count", async () => {
    const thing = await createThingAs(t, owner, { quantity: 0 });

    const responses = await Promise.all(Array.from({ length: 10 }, () => change(thing.id, { delta: 1 })));

    for (const response of responses) await expectStatus(response, 200);
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);
    expect(stored.quantity).toBe(10);
  });

  test("concurrent decrements never go below 0", async () => {
    const thing = await createThingAs(t, owner, { quantity: 5 });

    const responses = await Promise.all(Array.from({ length: 10 }, () => change(thing.id, { delta: -1 })));

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 400, 400, 400, 400, 400]);
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);
    expect(stored.quantity).toBe(0);
  });

  test("concurrent totals set the total, not a sum of differences", async () => {
    const thing = await createThingAs(t, owner, { quantity: 0 });

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.request("PATCH", `/api/things/${thing.id}`, { cookie: owner.cookie, body: { quantity: 5 } })),
    );

    for (const response of responses) await expectStatus(response, 200);
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);
    expect(stored.quantity).toBe(5);
  });
});
