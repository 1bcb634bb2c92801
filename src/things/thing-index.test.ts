import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { countStatements, insertShare, insertThing } from "../lists/list-test-factories.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { getTestDatabase } from "../testing/database.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { createThingAs, expectStatus } from "./thing-fixtures.ts";
import type { Thing } from "./thing-json.ts";

interface ThingPage {
  things: Thing[];
  perPage: number;
  page: number;
  totalPageCount: number;
  totalCount: number;
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

async function getPage(user: TestUser, query: string): Promise<ThingPage> {
  return expectStatus<ThingPage>(await t.request("GET", `/api/things?${query}`, { cookie: user.cookie }), 200);
}

describe("GET /api/things paging", () => {
  let owner: TestUser;
  let created: Thing[];

  beforeAll(async () => {
    owner = await createTestUser(t);
    created = [];
    for (let index = 0; index < 30; index += 1) created.push(await createThingAs(t, owner, { name: `Item ${index}` }));
    // All 30 at the same instant, so only the id orders them.
    await t.db.query(sql`update things set created_at = '2026-01-01T00:00:00Z' where owner_id = ${owner.id}`);
  });

  for (const perPage of [10, 25]) {
    test(`pages of ${perPage} cover every thing once`, async () => {
      const seen: string[] = [];
      const pageCount = Math.ceil(30 / perPage);
      for (let page = 0; page < pageCount; page += 1) {
        const result = await getPage(owner, `perPage=${perPage}&page=${page}`);
        expect(result.totalCount).toBe(30);
        expect(result.totalPageCount).toBe(pageCount);
        seen.push(...result.things.map((thing) => thing.id));
      }

      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
      expect(seen).toEqual(created.map((thing) => thing.id).sort());
    });
  }

  test("orders by creation time, then id", async () => {
    const other = await createTestUser(t);
    const older = await createThingAs(t, other, { name: "Older" });
    const newer = await createThingAs(t, other, { name: "Newer" });
    await t.db.query(sql`update things set created_at = '2020-01-01T00:00:00Z' where id = ${older.id}`);

    const result = await getPage(other, "");

    expect(result.things.map((thing) => thing.name)).toEqual(["Older", "Newer"]);
    expect(result.things[0]!.createdAt).toBe("2020-01-01T00:00:00.000Z");
    expect(newer.id).toBe(result.things[1]!.id);
  });

  test("echoes page and perPage, with 50 for 0", async () => {
    const result = await getPage(owner, "perPage=0&page=0");

    expect(result.perPage).toBe(50);
    expect(result.page).toBe(0);
    expect(result.things).toHaveLength(30);
  });

  test("a page past the end is empty but counts", async () => {
    const result = await getPage(owner, "perPage=10&page=7");

    expect(result.things).toEqual([]);
    expect(result.totalCount).toBe(30);
    expect(result.totalPageCount).toBe(3);
  });

  test("paginate=false returns every match from the start", async () => {
    const result = await getPage(owner, "paginate=false&perPage=10&page=2");

    expect(result.things).toHaveLength(30);
    expect(result.perPage).toBe(10);
    expect(result.page).toBe(2);
    expect(result.totalPageCount).toBe(3);
  });

  test("perPage above 200 is a 400", async () => {
    const error = await expectStatus<{ message: string }>(await t.request("GET", "/api/things?perPage=201", { cookie: owner.cookie }), 400);

    expect(error.message).toBe("perPage: must be at most 200");
  });

  test("a page that is not a number is a 400", async () => {
    const error = await expectStatus<{ message: string }>(await t.request("GET", "/api/things?page=first", { cookie: owner.cookie }), 400);

    expect(error.message).toBe("page: must be a whole number from 0");
  });

  test("requires a session", async () => {
    await expectStatus(await t.request("GET", "/api/things"), 401);
  });
});

describe("GET /api/things deep pages", () => {
  test("pages past offset 100 stay complete", async () => {
    // Offsets below 100 and from 100 on test visibility in two ways; both must agree.
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    const friendOfFriend = await createTestUser(t);
    await makeFriends(t, viewer, friend);
    await makeFriends(t, friend, friendOfFriend);
    const expected: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      expected.push(await insertThing(t, friendOfFriend, { name: `Shared ${index}`, sharingState: "friends-of-friends" }));
      await insertThing(t, friendOfFriend, { name: `Friends only ${index}`, sharingState: "friends" });
      expected.push(await insertThing(t, viewer, { name: `Own ${index}` }));
    }
    await t.db.query(sql`update things set created_at = '2026-02-01T00:00:00Z' where owner_id in (${viewer.id}, ${friendOfFriend.id})`);

    const seen: string[] = [];
    for (let page = 0; page < 3; page += 1) {
      const body = await getPage(viewer, `page=${page}&perPage=50`);
      expect(body.totalCount).toBe(120);
      seen.push(...body.things.map((thing) => thing.id));
    }

    expect(seen).toHaveLength(120);
    expect([...seen].sort()).toEqual([...expected].sort());

    // Past the end a deep page has no row to carry the total, which is then counted apart.
    const pastTheEnd = await getPage(viewer, "page=3&perPage=50");
    expect(pastTheEnd.things).toEqual([]);
    expect(pastTheEnd.totalCount).toBe(120);
  });
});

describe("GET /api/things filters", () => {
  let viewer: TestUser;
  let friendA: TestUser;
  let friendB: TestUser;

  beforeAll(async () => {
    viewer = await createTestUser(t);
    friendA = await createTestUser(t);
    friendB = await createTestUser(t);
    await makeFriends(t, viewer, friendA);
    await makeFriends(t, viewer, friendB);
    await createThingAs(t, viewer, { name: "Crème brûlée torch" });
    await createThingAs(t, viewer, { name: "100% cotton towel" });
    await createThingAs(t, viewer, { name: "100 cotton buds" });
    await createThingAs(t, viewer, { name: "snake_case book" });
    await createThingAs(t, viewer, { name: "snake-case poster" });
    await createThingAs(t, friendA, { name: "Ladder", sharingState: "friends" });
    await createThingAs(t, friendA, { name: "Secret ladder" });
    await createThingAs(t, friendB, { name: "Brush", sharingState: "friends" });
  });

  const names = (page: ThingPage) => page.things.map((thing) => thing.name).sort();

  test("filterOwnerId narrows to those owners", async () => {
    expect(names(await getPage(viewer, `filterOwnerId=${friendA.id}`))).toEqual(["Ladder"]);
    expect(names(await getPage(viewer, `filterOwnerId=${friendA.id}&filterOwnerId=${friendB.id}`))).toEqual(["Brush", "Ladder"]);
  });

  test("filterOwnerId never widens what the viewer sees", async () => {
    const stranger = await createTestUser(t);
    await createThingAs(t, stranger, { name: "Stranger's saw", sharingState: "friends" });

    const result = await getPage(viewer, `filterOwnerId=${stranger.id}`);

    expect(result.things).toEqual([]);
    expect(result.totalCount).toBe(0);
  });

  test("searchTerm matches inside names ignoring case and accents", async () => {
    expect(names(await getPage(viewer, "searchTerm=BRULEE"))).toEqual(["Crème brûlée torch"]);
    expect(names(await getPage(viewer, "searchTerm=ladd"))).toEqual(["Ladder"]);
  });

  test("searchTerm treats % and _ as plain characters", async () => {
    expect(names(await getPage(viewer, "searchTerm=100%25"))).toEqual(["100% cotton towel"]);
    expect(names(await getPage(viewer, "searchTerm=e_c"))).toEqual(["snake_case book"]);
  });

  test("searchTerm and filterOwnerId combine", async () => {
    const result = await getPage(viewer, `searchTerm=ladder&filterOwnerId=${viewer.id}`);

    expect(result.things).toEqual([]);
  });

  test("a malformed filterOwnerId is a 400", async () => {
    const error = await expectStatus<{ message: string }>(await t.request("GET", "/api/things?filterOwnerId=a%20b", { cookie: viewer.cookie }), 400);

    expect(error.message).toBe("filterOwnerId[0]: must be an id of letters, digits, '_' and '-'");
  });
});

describe("GET /api/things/summary", () => {
  test("counts visible things and lists their owners", async () => {
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, viewer, friend);
    await createThingAs(t, viewer);
    await createThingAs(t, viewer);
    await createThingAs(t, friend, { sharingState: "friends" });
    await createThingAs(t, friend);
    await createThingAs(t, stranger, { sharingState: "friends-of-friends" });

    const summary = await expectStatus<{ ownerIds: string[]; totalCount: number }>(
      await t.request("GET", "/api/things/summary", { cookie: viewer.cookie }),
      200,
    );

    expect(summary.totalCount).toBe(3);
    expect([...summary.ownerIds].sort()).toEqual([viewer.id, friend.id].sort());
  });

  test("is empty for a user who sees nothing", async () => {
    const loner = await createTestUser(t);

    const summary = await expectStatus(await t.request("GET", "/api/things/summary", { cookie: loner.cookie }), 200);

    expect(summary).toEqual({ ownerIds: [], totalCount: 0 });
  });

  test("requires a session", async () => {
    await expectStatus(await t.request("GET", "/api/things/summary"), 401);
  });
});

describe("GET /api/things statements", () => {
  test("statement count does not grow with things, friends or shares", async () => {
    const counter = countStatements(await getTestDatabase());
    const counted = await createTestApp(undefined, { db: counter.db });
    const viewer = await createTestUser(counted);
    const friend = await createTestUser(counted);
    await makeFriends(counted, viewer, friend);
    await insertThing(counted, viewer, { name: "Counted one" });
    const request = async () => expectStatus<ThingPage>(await counted.request("GET", "/api/things", { cookie: viewer.cookie }), 200);

    counter.reset();
    await request();
    const forOne = counter.count();

    for (let index = 0; index < 5; index += 1) {
      await insertThing(counted, viewer, { name: `Counted ${index}` });
      const shared = await insertThing(counted, friend, { name: `Shared ${index}`, sharingState: "friends-of-friends" });
      await insertShare(counted, friend, viewer, { thingId: shared });
    }
    counter.reset();
    const page = await request();

    expect(page.totalCount).toBe(11);
    expect(counter.count()).toBe(forOne);
  });
});
