import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, sessionCookieFor, type TestUser } from "../testing/users.ts";
import { sql } from "../db/sql.ts";
import { loadThings } from "./load-things.ts";
import { reducedThingColumns, reducedThingJson, type ReducedThingRow } from "./reduced-thing.ts";
import { countingDatabase, createThingAs, expectStatus, insertImage, insertList, shareDirectly } from "./thing-fixtures.ts";
import type { Thing } from "./thing-json.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

/** Create `count` things of `owner`, each with 4 properties, 3 images, 2 lists and a share. */
async function createRichThings(owner: TestUser, target: TestUser, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const images = [await insertImage(t, owner), await insertImage(t, owner), await insertImage(t, owner)];
    const thing = await createThingAs(t, owner, {
      name: `Rich ${index}`,
      imagesIds: images,
      quantity: index,
      sharingState: "friends",
      properties: [
        { type: "string", name: "color", value: "red" },
        { type: "float", name: "weight", value: 1.5, unit: "kg" },
        { type: "datetime", name: "bought", value: "2024-05-01T12:00:00Z" },
        { type: "string", name: "brand", value: "Acme" },
      ],
    });
    await insertList(t, owner, "friends", [thing.id], `Shelf ${index}`);
    await insertList(t, owner, "private", [thing.id], `Private ${index}`);
    await shareDirectly(t, owner, target, { thingId: thing.id });
    ids.push(thing.id);
  }
  return ids;
}

describe("loadThings", () => {
  let owner: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  let fewIds: string[];
  let manyIds: string[];

  beforeAll(async () => {
    owner = await createTestUser(t);
    friend = await createTestUser(t);
    stranger = await createTestUser(t);
    await makeFriends(t, owner, friend);
    fewIds = await createRichThings(owner, friend, 1);
    manyIds = await createRichThings(owner, friend, 40);
  });

  test("runs one statement for 1 or 40 things", async () => {
    const db = countingDatabase(t.db);

    const few = await loadThings(db, owner.id, fewIds);
    const statementsForFew = db.statements();
    db.reset();
    const many = await loadThings(db, owner.id, manyIds);

    expect(few).toHaveLength(1);
    expect(many).toHaveLength(40);
    expect(statementsForFew).toBe(1);
    expect(db.statements()).toBe(1);
  });

  test("GET /api/things runs as many statements for 1 thing as for 40", async () => {
    const db = countingDatabase(t.db);
    const counted = await createTestApp(undefined, { db });
    const cookie = await sessionCookieFor(counted, owner.id);

    db.reset();
    const few = await expectStatus<{ things: Thing[] }>(await counted.request("GET", `/api/things?perPage=1`, { cookie }), 200);
    const statementsForFew = db.statements();
    db.reset();
    const many = await expectStatus<{ things: Thing[] }>(await counted.request("GET", `/api/things?perPage=40&page=0`, { cookie }), 200);

    expect(few.things).toHaveLength(1);
    expect(many.things).toHaveLength(40);
    expect(many.things.every((thing) => thing.properties.length === 4 && thing.images.length === 3 && thing.lists.length === 2)).toBe(true);
    // The viewer lookup, the count, and the page with its things.
    expect(statementsForFew).toBe(3);
    expect(db.statements()).toBe(statementsForFew);
  });

  test("keeps the requested order and drops what the viewer cannot see", async () => {
    const hidden = await createThingAs(t, owner, { sharingState: "private" });
    const requested = [manyIds[5]!, hidden.id, "noSuchThingAtAll", manyIds[2]!, manyIds[5]!, fewIds[0]!];

    const things = await loadThings(t.db, friend.id, requested);

    expect(things.map((thing) => thing.id)).toEqual([manyIds[5]!, manyIds[2]!, fewIds[0]!]);
    expect(await loadThings(t.db, stranger.id, requested)).toEqual([]);
    expect(await loadThings(t.db, owner.id, [])).toEqual([]);
  });

  test("fills every part of the thing for its owner", async () => {
    const [thing] = await loadThings(t.db, owner.id, [manyIds[3]!]);

    expect(thing!.quantity).toBe(3);
    expect(thing!.properties.map((property) => property.name)).toEqual(["color", "weight", "bought", "brand"]);
    expect(thing!.images).toHaveLength(3);
    expect(thing!.lists.map((list) => list.name).sort()).toEqual(["Private 3", "Shelf 3"]);
    expect(thing!.shares.map((share) => share.targetUser.id)).toEqual([friend.id]);
    expect(thing!.sharingState).toBe("friends");
  });

  test("shows a friend only the shared list and no shares", async () => {
    const [thing] = await loadThings(t.db, friend.id, [manyIds[3]!]);

    expect(thing!.lists.map((list) => list.name)).toEqual(["Shelf 3"]);
    expect(thing!.shares).toEqual([]);
    expect(thing!.privateNote).toBeNull();
    expect(thing!.sharingState).toBeNull();
  });
});

describe("reducedThingJson", () => {
  test("carries the real quantity and hides the note from others", async () => {
    const owner = await createTestUser(t, { name: "Olga" });
    const other = await createTestUser(t);
    const thing = await createThingAs(t, owner, { quantity: 7, privateNote: "mine" });
    const [row] = await t.db.query<ReducedThingRow>(sql`select ${reducedThingColumns("t")} from things t where t.id = ${thing.id}`);

    const forOwner = reducedThingJson(row!, owner.id);
    const forOther = reducedThingJson(row!, other.id);

    expect(forOwner).toEqual({
      id: thing.id,
      name: "Thing",
      description: "",
      privateNote: "mine",
      createdAt: thing.createdAt,
      owner: { id: owner.id, name: "Olga" },
      quantity: 7,
    });
    expect(forOther.privateNote).toBeNull();
    expect(forOther.quantity).toBe(7);
  });
});
