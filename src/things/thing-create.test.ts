import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import { countRows, createThingAs, expectStatus, insertImage } from "./thing-fixtures.ts";
import type { Thing } from "./thing-json.ts";

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t, { name: "Olga" });
});

const post = (body: unknown, cookie = owner.cookie) => t.request("POST", "/api/things", { cookie, body });

async function expectBadInput(body: unknown, field: string, message: string) {
  const error = await expectStatus<{ code: number; message: string; field?: string }>(await post(body), 400);
  expect(error.field).toBe(field);
  expect(error.message).toBe(`${field}: ${message}`);
}

describe("POST /api/things", () => {
  test("returns the full thing with defaults", async () => {
    const thing = await createThingAs(t, owner, { name: "  Saw  " });

    expect(thing.name).toBe("Saw");
    expect(thing.description).toBe("");
    expect(thing.privateNote).toBe("");
    expect(thing.owner).toEqual({ id: owner.id, name: "Olga" });
    expect(thing.sharingState).toBe("private");
    expect(thing.quantity).toBe(0);
    expect(thing.quantityUnit).toBe("pcs");
    expect(thing.properties).toEqual([]);
    expect(thing.images).toEqual([]);
    expect(thing.lists).toEqual([]);
    expect(thing.shares).toEqual([]);
    expect(thing.actions).toEqual({ canEdit: true, canDelete: true, canShare: true });
    expect(thing.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test("stores every field", async () => {
    const thing = await createThingAs(t, owner, {
      name: "Cordless drill",
      description: "18V, two batteries",
      privateNote: "lent to Bob in May",
      quantity: 3,
      quantityUnit: "boxes",
      sharingState: "friends",
      properties: [
        { type: "string", name: "color", value: "red" },
        { type: "float", name: "weight", value: 1.8, unit: "kg" },
        { type: "float", name: "voltage", value: 18 },
        { type: "datetime", name: "bought", value: "2024-05-01T12:00:00Z" },
      ],
    });

    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);
    expect(stored).toEqual(thing);
    expect(stored.description).toBe("18V, two batteries");
    expect(stored.privateNote).toBe("lent to Bob in May");
    expect(stored.quantity).toBe(3);
    expect(stored.quantityUnit).toBe("boxes");
    expect(stored.sharingState).toBe("friends");
    expect(stored.properties).toEqual([
      { type: "string", name: "color", value: "red" },
      { type: "float", name: "weight", value: 1.8, unit: "kg" },
      { type: "float", name: "voltage", value: 18, unit: null },
      { type: "datetime", name: "bought", value: "2024-05-01T12:00:00.000Z" },
    ]);
  });

  test("writes one ledger entry for a starting quantity and none for 0", async () => {
    const counted = await createThingAs(t, owner, { quantity: 5 });
    const empty = await createThingAs(t, owner, { quantity: 0 });

    expect(await countRows(t.db, sql`select count(*)::int as count from quantity_entries where thing_id = ${counted.id}`)).toBe(1);
    expect(await countRows(t.db, sql`select count(*)::int as count from quantity_entries where thing_id = ${empty.id}`)).toBe(0);
  });

  test("an empty quantity unit becomes pcs", async () => {
    const thing = await createThingAs(t, owner, { quantityUnit: "" });

    expect(thing.quantityUnit).toBe("pcs");
  });

  test("keeps the order of imagesIds", async () => {
    const first = await insertImage(t, owner, "a.jpg");
    const second = await insertImage(t, owner, "b.jpg");
    const third = await insertImage(t, owner, "c.jpg");

    const thing = await createThingAs(t, owner, { imagesIds: [third, first, second] });

    expect(thing.images.map((image) => image.id)).toEqual([third, first, second]);
    expect(thing.images[0]!.owner).toEqual({ id: owner.id, name: "Olga" });
    expect(thing.images[0]!.name).toBe("c.jpg");
  });

  test("keeps the order of properties", async () => {
    const names = ["zeta", "alpha", "Mu", "beta"];

    const thing = await createThingAs(t, owner, { properties: names.map((name) => ({ type: "string", name, value: "x" })) });

    expect(thing.properties.map((property) => property.name)).toEqual(names);
  });

  test("accepts null as an absent field", async () => {
    const thing = await createThingAs(t, owner, { description: null, properties: null, imagesIds: null, sharingState: null, quantity: null });

    expect(thing.description).toBe("");
    expect(thing.sharingState).toBe("private");
  });

  test("requires a session", async () => {
    const error = await expectStatus<{ message: string }>(await t.request("POST", "/api/things", { body: { name: "Saw" } }), 401);

    expect(error.message).toBe("Authentication required");
  });
});

describe("POST /api/things input checks", () => {
  const cases: Array<[string, unknown, string, string]> = [
    ["missing name", {}, "name", "is required"],
    ["blank name", { name: "   " }, "name", "must not be empty"],
    ["name of 10,000 characters", { name: "x".repeat(10_000) }, "name", "must be at most 255 characters"],
    ["name with NUL", { name: "abc\u0000def" }, "name", "must not contain NUL characters"],
    ["name that is a number", { name: 42 }, "name", "must be a string"],
    ["description with NUL", { name: "Saw", description: "abc\u0000def" }, "description", "must not contain NUL characters"],
    ["description over 10,000", { name: "Saw", description: "x".repeat(10_001) }, "description", "must be at most 10000 characters"],
    ["private note over 10,000", { name: "Saw", privateNote: "x".repeat(10_001) }, "privateNote", "must be at most 10000 characters"],
    ["quantity as text", { name: "Saw", quantity: "five" }, "quantity", "must be a whole number"],
    ["quantity as numeric text", { name: "Saw", quantity: "5" }, "quantity", "must be a whole number"],
    ["fractional quantity", { name: "Saw", quantity: 1.5 }, "quantity", "must be a whole number"],
    ["negative quantity", { name: "Saw", quantity: -1 }, "quantity", "must not be negative"],
    ["quantity unit over 32", { name: "Saw", quantityUnit: "x".repeat(33) }, "quantityUnit", "must be at most 32 characters"],
    ["unknown sharing state", { name: "Saw", sharingState: "public" }, "sharingState", 'must be one of "private", "friends", "friends-of-friends"'],
    ["empty sharing state", { name: "Saw", sharingState: "" }, "sharingState", 'must be one of "private", "friends", "friends-of-friends"'],
    ["malformed image id", { name: "Saw", imagesIds: ["not an id"] }, "imagesIds[0]", "must be an id of letters, digits, '_' and '-'"],
    ["properties not a list", { name: "Saw", properties: {} }, "properties", "must be an array"],
    ["property without type", { name: "Saw", properties: [{ name: "a", value: "b" }] }, "properties[0].type", 'must be "string", "float" or "datetime"'],
    ["property of unknown type", { name: "Saw", properties: [{ type: "int", name: "a", value: 1 }] }, "properties[0].type", 'must be "string", "float" or "datetime"'],
    ["blank property name", { name: "Saw", properties: [{ type: "string", name: "ok", value: "" }, { type: "string", name: " ", value: "b" }] }, "properties[1].name", "must not be empty"],
    ["property name over 255", { name: "Saw", properties: [{ type: "string", name: "n".repeat(256), value: "b" }] }, "properties[0].name", "must be at most 255 characters"],
    ["string value over 255", { name: "Saw", properties: [{ type: "string", name: "a", value: "v".repeat(256) }] }, "properties[0].value", "must be at most 255 characters"],
    ["string value with NUL", { name: "Saw", properties: [{ type: "string", name: "a", value: "a\u0000" }] }, "properties[0].value", "must not contain NUL characters"],
    ["float value as text", { name: "Saw", properties: [{ type: "float", name: "a", value: "1.5" }] }, "properties[0].value", "must be a number"],
    ["float value overflowing", { name: "Saw", properties: [{ type: "float", name: "a", value: "1e400" }] }, "properties[0].value", "must be a number"],
    ["float unit over 20", { name: "Saw", properties: [{ type: "float", name: "a", value: 1, unit: "u".repeat(21) }] }, "properties[0].unit", "must be at most 20 characters"],
    ["datetime without offset", { name: "Saw", properties: [{ type: "datetime", name: "a", value: "2024-05-01T00:00:00" }] }, "properties[0].value", "must be an RFC 3339 date-time with an offset, such as 2024-05-01T12:00:00Z"],
    ["datetime of no real day", { name: "Saw", properties: [{ type: "datetime", name: "a", value: "2023-02-29T00:00:00Z" }] }, "properties[0].value", "must be an RFC 3339 date-time with an offset, such as 2024-05-01T12:00:00Z"],
    ["date without time", { name: "Saw", properties: [{ type: "datetime", name: "a", value: "2024-05-01" }] }, "properties[0].value", "must be an RFC 3339 date-time with an offset, such as 2024-05-01T12:00:00Z"],
    ["101 properties", { name: "Saw", properties: Array.from({ length: 101 }, (_, index) => ({ type: "string", name: `p${index}`, value: "" })) }, "properties", "must have at most 100 properties"],
  ];

  for (const [label, body, field, message] of cases) {
    test(`${label} is a 400`, async () => {
      await expectBadInput(body, field, message);
    });
  }

  test("a float written as 1e400 in the JSON text is a 400", async () => {
    const response = await t.request("POST", "/api/things", {
      cookie: owner.cookie,
      body: '{"name":"Saw","properties":[{"type":"float","name":"a","value":1e400}]}',
      headers: { "content-type": "application/json" },
    });

    const error = await expectStatus<{ message: string }>(response, 400);
    expect(error.message).toBe("properties[0].value: must be a finite number");
  });

  test("property names differing in case are a 409", async () => {
    const response = await post({
      name: "Saw",
      properties: [
        { type: "string", name: "color", value: "red" },
        { type: "string", name: "Color", value: "blue" },
      ],
    });

    const error = await expectStatus<{ message: string; field: string }>(response, 409);
    expect(error.message).toBe('property "Color" appears twice');
    expect(error.field).toBe("properties[1].name");
  });

  test("a repeated image id is a 400", async () => {
    const image = await insertImage(t, owner);

    await expectBadInput({ name: "Saw", imagesIds: [image, image] }, "imagesIds[1]", `image ${image} appears twice`);
  });

  test("an unknown image id is a 400 naming it", async () => {
    const image = await insertImage(t, owner);

    await expectBadInput({ name: "Saw", imagesIds: [image, "unknownImageId"] }, "imagesIds[1]", "image unknownImageId not found");
  });

  test("a stranger's image is a 400 like an unknown id, and nothing is written", async () => {
    const stranger = await createTestUser(t);
    const theirs = await insertImage(t, stranger);

    await expectBadInput({ name: "Not mine", imagesIds: [theirs] }, "imagesIds[0]", `image ${theirs} not found`);

    expect(await countRows(t.db, sql`select count(*)::int as count from things where owner_id = ${owner.id} and name = 'Not mine'`)).toBe(0);
  });

  test("a body that is not JSON is a 415", async () => {
    const response = await t.request("POST", "/api/things", { cookie: owner.cookie, body: "name=Saw", headers: { "content-type": "application/x-www-form-urlencoded" } });

    await expectStatus(response, 415);
  });
});

describe("datetime properties", () => {
  test("read back as the same instant in UTC", async () => {
    const thing = await createThingAs(t, owner, {
      properties: [{ type: "datetime", name: "bought", value: "2024-05-01T10:00:00+02:00" }],
    });

    expect(thing.properties[0]).toEqual({ type: "datetime", name: "bought", value: "2024-05-01T08:00:00.000Z" });
  });

  test("keep microseconds", async () => {
    const thing = await createThingAs(t, owner, {
      properties: [{ type: "datetime", name: "measured", value: "2024-05-01T12:00:00.123456Z" }],
    });

    expect(thing.properties[0]!.value).toBe("2024-05-01T12:00:00.123456Z");
  });

  test("a date picked at UTC-7 shows the same day at UTC+13", async () => {
    const thing = await createThingAs(t, owner, {
      properties: [{ type: "datetime", name: "bought", value: "2024-05-01T00:00:00-07:00" }],
    });
    const stored = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie }), 200);

    const value = String(stored.properties[0]!.value);
    // Etc/GMT-13 is UTC+13: the signs of the Etc zones are inverted.
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Etc/GMT-13", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(value));
    expect(value).toBe("2024-05-01T07:00:00.000Z");
    expect(day).toBe("2024-05-01");
  });

  test("noon UTC shows the same day from UTC-12 to UTC+11", async () => {
    const thing = await createThingAs(t, owner, {
      properties: [{ type: "datetime", name: "bought", value: "2024-05-01T12:00:00Z" }],
    });

    const instant = new Date(String(thing.properties[0]!.value));
    for (const zone of ["Etc/GMT+12", "Etc/GMT+7", "UTC", "Etc/GMT-11"]) {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
      expect(`${zone} ${day}`).toBe(`${zone} 2024-05-01`);
    }
  });
});
