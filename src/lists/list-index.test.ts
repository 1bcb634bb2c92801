import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { getTestDatabase } from "../testing/database.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { countStatements, createListThroughApi, insertThing } from "./list-test-factories.ts";

interface IndexBody {
  lists: { id: string; name: string; things: { id: string }[]; thingCount: number }[];
  page: number;
  perPage: number;
  totalCount: number;
  totalPageCount: number;
}

let t: TestApp;
let counter: ReturnType<typeof countStatements>;
beforeAll(async () => {
  counter = countStatements(await getTestDatabase());
  t = await createTestApp(undefined, { db: counter.db });
});

async function index(user: TestUser, query: string): Promise<IndexBody> {
  const response = await t.request("GET", `/api/lists?${query}`, { cookie: user.cookie });
  const body = (await response.json()) as IndexBody;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Insert lists directly with increasing creation times, oldest first. */
async function insertLists(owner: TestUser, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  const times = ids.map((_, position) => new Date(Date.UTC(2026, 0, 1, 0, 0, position)));
  await t.db.query(sql`
    insert into lists (id, name, owner_id, created_at)
    select id, 'Bulk ' || position, ${owner.id}, created_at
    from unnest(${ids}::text[], ${times}::timestamptz[]) with ordinality as l (id, created_at, position)`);
  return ids;
}

describe("GET /api/lists", () => {
  test("embeds at most four things and counts all", async () => {
    const owner = await createTestUser(t);
    const things = [];
    for (let index = 0; index < 6; index += 1) things.push(await insertThing(t, owner));
    await createListThroughApi(t, owner, { name: "Six things", thingIds: things });
    const body = await index(owner, "");
    expect(body.lists).toHaveLength(1);
    expect(body.lists[0]!.things).toHaveLength(4);
    expect(body.lists[0]!.thingCount).toBe(6);
  });

  test("orders by creation and pages", async () => {
    const owner = await createTestUser(t);
    const ids = await insertLists(owner, 5);
    const first = await index(owner, "page=0&perPage=2");
    const third = await index(owner, "page=2&perPage=2");
    expect(first.lists.map((list) => list.id)).toEqual(ids.slice(0, 2));
    expect(third.lists.map((list) => list.id)).toEqual(ids.slice(4));
    expect(first.totalCount).toBe(5);
    expect(first.totalPageCount).toBe(3);
  });

  test("paginate=false returns more than one page", async () => {
    const owner = await createTestUser(t);
    const ids = await insertLists(owner, 60);
    const body = await index(owner, "paginate=false");
    expect(body.lists.map((list) => list.id)).toEqual(ids);
    expect(body.totalCount).toBe(60);
  });

  test("filterOwnerId narrows, repeated", async () => {
    const viewer = await createTestUser(t);
    const friendA = await createTestUser(t);
    const friendB = await createTestUser(t);
    await makeFriends(t, viewer, friendA);
    await makeFriends(t, viewer, friendB);
    const own = await createListThroughApi(t, viewer, { name: "Own" });
    const ofA = await createListThroughApi(t, friendA, { name: "A's", sharingState: "friends" });
    const ofB = await createListThroughApi(t, friendB, { name: "B's", sharingState: "friends" });
    await createListThroughApi(t, friendB, { name: "B's private" });

    const all = await index(viewer, "");
    expect(all.lists.map((list) => list.id)).toEqual([own, ofA, ofB]);
    const onlyA = await index(viewer, `filterOwnerId=${friendA.id}`);
    expect(onlyA.lists.map((list) => list.id)).toEqual([ofA]);
    const aAndB = await index(viewer, `filterOwnerId=${friendA.id}&filterOwnerId=${friendB.id}`);
    expect(aAndB.lists.map((list) => list.id)).toEqual([ofA, ofB]);
    expect(aAndB.totalCount).toBe(2);
  });

  test("statement count does not grow with lists", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    await createListThroughApi(t, owner, { thingIds: [thing] });
    counter.reset();
    await index(owner, "");
    const forOne = counter.count();

    for (let index = 0; index < 5; index += 1) await createListThroughApi(t, owner, { thingIds: [thing] });
    counter.reset();
    await index(owner, "");
    expect(counter.count()).toBe(forOne);
  });

  test("show statement count does not grow with things", async () => {
    const owner = await createTestUser(t);
    const listId = await createListThroughApi(t, owner, { thingIds: [await insertThing(t, owner)] });
    counter.reset();
    await t.request("GET", `/api/lists/${listId}`, { cookie: owner.cookie });
    const forOne = counter.count();

    const more = [];
    for (let index = 0; index < 10; index += 1) more.push(await insertThing(t, owner));
    await t.request("PATCH", `/api/lists/${listId}`, { cookie: owner.cookie, body: { thingIds: more } });
    counter.reset();
    await t.request("GET", `/api/lists/${listId}`, { cookie: owner.cookie });
    expect(counter.count()).toBe(forOne);
  });
});
