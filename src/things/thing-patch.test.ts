import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import { countRows, createThingAs, expectStatus, insertImage, insertList, shareDirectly } from "./thing-fixtures.ts";
import type { Thing } from "./thing-json.ts";

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t);
});

const patch = (thingId: string, body: unknown, cookie = owner.cookie) =>
  t.request("PATCH", `/api/things/${thingId}`, { cookie, body });

async function fullThing(): Promise<Thing> {
  const images = [await insertImage(t, owner), await insertImage(t, owner)];
  return createThingAs(t, owner, {
    name: "Drill",
    description: "18V",
    privateNote: "lent to Bob",
    imagesIds: images,
    properties: [{ type: "string", name: "color", value: "red" }],
    quantity: 2,
    quantityUnit: "boxes",
    sharingState: "friends",
  });
}

describe("PATCH /api/things/:id", () => {
  test("changes only the fields given", async () => {
    const before = await fullThing();

    const after = await expectStatus<Thing>(await patch(before.id, { description: "24V" }), 200);

    expect(after).toEqual({ ...before, description: "24V" });
  });

  test("an empty body changes nothing", async () => {
    const before = await fullThing();

    const after = await expectStatus<Thing>(await patch(before.id, {}), 200);

    expect(after).toEqual(before);
  });

  test("null fields stay as they are", async () => {
    const before = await fullThing();

    const after = await expectStatus<Thing>(await patch(before.id, { name: null, properties: null, imagesIds: null, quantity: null }), 200);

    expect(after).toEqual(before);
  });

  test("a whole object replaces everything", async () => {
    const before = await fullThing();
    const image = await insertImage(t, owner);

    const after = await expectStatus<Thing>(
      await patch(before.id, {
        ...before,
        name: "Hammer",
        description: "",
        privateNote: "",
        imagesIds: [image],
        properties: [{ type: "float", name: "weight", value: 0.5, unit: "kg" }],
        quantity: 1,
        quantityUnit: "",
        sharingState: "private",
      }),
      200,
    );

    expect(after.name).toBe("Hammer");
    expect(after.description).toBe("");
    expect(after.privateNote).toBe("");
    expect(after.images.map((item) => item.id)).toEqual([image]);
    expect(after.properties).toEqual([{ type: "float", name: "weight", value: 0.5, unit: "kg" }]);
    expect(after.quantity).toBe(1);
    expect(after.quantityUnit).toBe("");
    expect(after.sharingState).toBe("private");
    expect(after.createdAt).toBe(before.createdAt);
  });

  test("empty lists remove all properties and images", async () => {
    const before = await fullThing();

    const after = await expectStatus<Thing>(await patch(before.id, { properties: [], imagesIds: [] }), 200);

    expect(after.properties).toEqual([]);
    expect(after.images).toEqual([]);
    expect(await countRows(t.db, sql`select count(*)::int as count from images where id = ${before.images[0]!.id}`)).toBe(1);
  });

  test("keeps the order of imagesIds", async () => {
    const before = await fullThing();
    const [first, second] = before.images.map((image) => image.id) as [string, string];
    const third = await insertImage(t, owner);

    const after = await expectStatus<Thing>(await patch(before.id, { imagesIds: [third, second, first] }), 200);

    expect(after.images.map((image) => image.id)).toEqual([third, second, first]);
  });

  test("the same quantity writes no ledger entry", async () => {
    const before = await fullThing();
    const entries = sql`select count(*)::int as count from quantity_entries where thing_id = ${before.id}`;

    await expectStatus(await patch(before.id, { quantity: 2, name: "Drill" }), 200);
    expect(await countRows(t.db, entries)).toBe(1);

    const after = await expectStatus<Thing>(await patch(before.id, { quantity: 7 }), 200);
    expect(after.quantity).toBe(7);
    expect(await countRows(t.db, entries)).toBe(2);
  });

  test("trims the name", async () => {
    const before = await fullThing();

    const after = await expectStatus<Thing>(await patch(before.id, { name: "  Saw " }), 200);

    expect(after.name).toBe("Saw");
  });

  test("bad input is a 400 and changes nothing", async () => {
    const before = await fullThing();

    const error = await expectStatus<{ message: string }>(await patch(before.id, { description: "changed", name: "" }), 400);

    expect(error.message).toBe("name: must not be empty");
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${before.id}`, { cookie: owner.cookie }), 200);
    expect(stored).toEqual(before);
  });

  test("duplicate property names are a 409 and change nothing", async () => {
    const before = await fullThing();

    const response = await patch(before.id, {
      description: "changed",
      properties: [
        { type: "string", name: "Size", value: "L" },
        { type: "float", name: "size", value: 3 },
      ],
    });

    const error = await expectStatus<{ message: string }>(response, 409);
    expect(error.message).toBe('property "size" appears twice');
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${before.id}`, { cookie: owner.cookie }), 200);
    expect(stored).toEqual(before);
  });

  test("an image of a stranger is a 400 like an unknown id, and changes nothing", async () => {
    const before = await fullThing();
    const stranger = await createTestUser(t);
    const theirs = await insertImage(t, stranger);

    await expectStatus(await patch(before.id, { name: "changed", imagesIds: [theirs] }), 400);

    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${before.id}`, { cookie: owner.cookie }), 200);
    expect(stored).toEqual(before);
  });

  test("an unknown thing is a 404", async () => {
    const error = await expectStatus<{ message: string }>(await patch("noSuchThingAtAll", { name: "x" }), 404);

    expect(error.message).toBe("Thing not found");
  });

  test("a malformed id is a 400", async () => {
    const error = await expectStatus<{ message: string }>(await patch("not%20an%20id", { name: "x" }), 400);

    expect(error.message).toBe("id: must be an id of letters, digits, '_' and '-'");
  });

  test("requires a session", async () => {
    const thing = await fullThing();

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { body: { name: "x" } }), 401);
  });
});

describe("DELETE /api/things/:id", () => {
  test("removes the thing and what hangs off it, but keeps its images", async () => {
    const thing = await fullThing();
    const friend = await createTestUser(t);
    const listId = await insertList(t, owner, "private", [thing.id]);
    await shareDirectly(t, owner, friend, { thingId: thing.id });
    await t.db.query(sql`insert into cart_entries (user_id, thing_id) values (${friend.id}, ${thing.id})`);

    const response = await t.request("DELETE", `/api/things/${thing.id}`, { cookie: owner.cookie });

    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 404);
    for (const table of ["properties", "quantity_entries", "images_things", "lists_things", "shares", "cart_entries"]) {
      const count = await countRows(t.db, sql`select count(*)::int as count from ${sql.raw(table)} where thing_id = ${thing.id}`);
      expect(`${table}: ${count}`).toBe(`${table}: 0`);
    }
    const images = thing.images.map((image) => image.id);
    expect(await countRows(t.db, sql`select count(*)::int as count from images where id = any(${images}::text[])`)).toBe(2);
    expect(await countRows(t.db, sql`select count(*)::int as count from lists where id = ${listId}`)).toBe(1);
  });

  test("an unknown thing is a 404", async () => {
    await expectStatus(await t.request("DELETE", "/api/things/noSuchThingAtAll", { cookie: owner.cookie }), 404);
  });

  test("requires a session", async () => {
    const thing = await fullThing();

    await expectStatus(await t.request("DELETE", `/api/things/${thing.id}`), 401);
  });
});
