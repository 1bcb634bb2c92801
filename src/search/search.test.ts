import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { getTestDatabase } from "../testing/database.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { countStatements, createListThroughApi, insertShare, insertStringProperty, insertThing } from "../lists/list-test-factories.ts";
import { searchVisible } from "./search-visible.ts";
import { splitSearchTerms } from "./search-terms.ts";

interface SearchBody {
  things: { id: string; name: string; privateNote: string | null }[];
  lists: { id: string; name: string; things: unknown[]; thingCount: number }[];
  totalCount: number;
  page: number;
  perPage: number;
}

let t: TestApp;
let counter: ReturnType<typeof countStatements>;
let viewer: TestUser;
let friend: TestUser;
let stranger: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  counter = countStatements(await getTestDatabase());
  t = await createTestApp(undefined, { db: counter.db });
  viewer = await createTestUser(t);
  friend = await createTestUser(t);
  stranger = await createTestUser(t);
  await makeFriends(t, viewer, friend);

  const own: Record<string, Parameters<typeof insertThing>[2]> = {
    hammer: { name: "Claw Hammer", description: "16 oz, fibreglass handle" },
    sledge: { name: "Sledgehammer" },
    underscore: { name: "Bolt M6_20" },
    noUnderscore: { name: "Bolt M6x20" },
    percent: { name: "Coupon 50% off" },
    fiveHundred: { name: "Box of 500 washers" },
    quote: { name: "Grandpa's saw" },
    doubleQuote: { name: 'The "good" scissors' },
    backslash: { name: "Backup drive", description: "folder C:\\tools\\backup" },
    operators: { name: "Sign reading !important <-> a|b & c:*" },
    cyrillic: { name: "Шуруповерт Makita" },
    german: { name: "Straße sign" },
    emoji: { name: "🔨 Toolbox" },
    turkish: { name: "İstanbul map" },
    greek: { name: "Καφές grinder" },
    noted: { name: "Old tin", privateNote: "hidden treasure inside" },
    property: { name: "Cordless drill" },
  };
  for (const [key, fields] of Object.entries(own)) ids[key] = await insertThing(t, viewer, fields);
  await insertStringProperty(t, ids.property!, "color", "Bosch blue");

  ids.friendsThing = await insertThing(t, friend, { name: "Friendly drill", sharingState: "friends", privateNote: "treasure map" });
  ids.friendsPrivate = await insertThing(t, friend, { name: "Friend's private drill" });
  ids.strangersThing = await insertThing(t, stranger, { name: "Stranger drill", sharingState: "friends-of-friends" });
  ids.workshop = await createListThroughApi(t, viewer, { name: "Workshop drill collection", thingIds: [ids.property!] });
  ids.strangersList = await createListThroughApi(t, stranger, { name: "Stranger drill list", sharingState: "friends" });
});

async function search(query: string, user: TestUser = viewer, extra = ""): Promise<SearchBody> {
  const response = await t.request("GET", `/api/search?query=${encodeURIComponent(query)}${extra}`, { cookie: user.cookie });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as SearchBody;
}

async function thingIdsFound(query: string, user: TestUser = viewer): Promise<string[]> {
  return (await search(query, user, "&perPage=200")).things.map((thing) => thing.id);
}

describe("GET /api/search", () => {
  test("empty query is 400", async () => {
    for (const query of ["", "   "]) {
      const response = await t.request("GET", `/api/search?query=${encodeURIComponent(query)}`, { cookie: viewer.cookie });
      const body = (await response.json()) as { message: string };
      expect(response.status).toBe(400);
      expect(body.message).toBe("query: must not be empty");
    }
    const missing = await t.request("GET", "/api/search", { cookie: viewer.cookie });
    expect(missing.status).toBe(400);
  });

  test("anonymous is 401", async () => {
    expect((await t.request("GET", "/api/search?query=drill")).status).toBe(401);
  });

  test("finds words in any case", async () => {
    expect(await thingIdsFound("hammer")).toContain(ids.hammer!);
    expect(await thingIdsFound("HAMMER")).toContain(ids.hammer!);
    expect(await thingIdsFound("fibreglass")).toEqual([ids.hammer!]);
  });

  test("ranks whole words before substrings", async () => {
    expect(await thingIdsFound("hammer")).toEqual([ids.hammer!, ids.sledge!]);
  });

  test("finds a word by its start", async () => {
    expect(await thingIdsFound("fibre")).toEqual([ids.hammer!]);
  });

  test("finds a typo", async () => {
    expect(await thingIdsFound("hamer")).toContain(ids.hammer!);
  });

  test("percent is literal", async () => {
    expect(await thingIdsFound("%")).toEqual([ids.percent!]);
    const found = await thingIdsFound("50%");
    expect(found[0]).toBe(ids.percent!);
  });

  test("underscore is literal", async () => {
    expect(await thingIdsFound("_")).toEqual([ids.underscore!]);
    expect((await thingIdsFound("M6_"))[0]).toBe(ids.underscore!);
  });

  test("quotes and backslashes are literal", async () => {
    expect(await thingIdsFound("'")).toEqual([ids.quote!]);
    expect(await thingIdsFound('"')).toEqual([ids.doubleQuote!]);
    expect(await thingIdsFound("\\")).toEqual([ids.backslash!]);
    expect(await thingIdsFound("C:\\tools")).toEqual([ids.backslash!]);
    expect(await thingIdsFound("grandpa's")).toEqual([ids.quote!]);
  });

  test("full-text operators are literal", async () => {
    for (const query of ["!", "<->", "&", "|", ":*"]) {
      expect(await thingIdsFound(query)).toEqual([ids.operators!]);
    }
    for (const query of ["(", "!!!", "<9>", "&!|", "'&'", "&&"]) {
      expect(await thingIdsFound(query)).toEqual([]);
    }
    for (const query of ["!important", "a|b", "c:*"]) {
      expect(await thingIdsFound(query)).toContain(ids.operators!);
    }
    expect(await thingIdsFound("!cordless")).toEqual([ids.property!]);
    expect(await thingIdsFound("cordless|nothing")).toEqual([]);
  });

  test("Cyrillic in any case", async () => {
    expect(await thingIdsFound("шуруповерт")).toEqual([ids.cyrillic!]);
    expect(await thingIdsFound("ШУРУПОВЕРТ")).toEqual([ids.cyrillic!]);
    expect(await thingIdsFound("шуруп")).toEqual([ids.cyrillic!]);
  });

  test("ß matches ss, accents are ignored", async () => {
    expect(await thingIdsFound("strasse")).toEqual([ids.german!]);
    expect(await thingIdsFound("STRASSE")).toEqual([ids.german!]);
    expect(await thingIdsFound("Straße")).toEqual([ids.german!]);
    expect(await thingIdsFound("istanbul")).toEqual([ids.turkish!]);
    expect(await thingIdsFound("İSTANBUL")).toEqual([ids.turkish!]);
    expect(await thingIdsFound("καφες")).toEqual([ids.greek!]);
    expect(await thingIdsFound("ΚΑΦΕΣ")).toEqual([ids.greek!]);
  });

  test("emoji", async () => {
    expect(await thingIdsFound("🔨")).toEqual([ids.emoji!]);
    expect(await thingIdsFound("🔨 toolbox")).toEqual([ids.emoji!]);
    expect(await thingIdsFound("🪚")).toEqual([]);
  });

  test("property values", async () => {
    expect(await thingIdsFound("bosch")).toEqual([ids.property!]);
  });

  test("private notes only for the owner", async () => {
    expect(await thingIdsFound("treasure")).toEqual([ids.noted!]);
    const friendFinds = await thingIdsFound("treasure", friend);
    expect(friendFinds).toEqual([ids.friendsThing!]);
    const body = await search("treasure", friend);
    expect(body.things[0]!.privateNote).toBe("treasure map");
  });

  test("invisible things and lists never found", async () => {
    const body = await search("drill", viewer, "&perPage=200");
    const found = [...body.things.map((thing) => thing.id), ...body.lists.map((list) => list.id)];
    expect(found).toContain(ids.friendsThing!);
    expect(found).toContain(ids.property!);
    expect(found).toContain(ids.workshop!);
    expect(found).not.toContain(ids.friendsPrivate!);
    expect(found).not.toContain(ids.strangersThing!);
    expect(found).not.toContain(ids.strangersList!);
    expect(body.totalCount).toBe(3);
  });

  test("finds lists by name", async () => {
    const body = await search("workshop");
    expect(body.lists.map((list) => list.id)).toEqual([ids.workshop!]);
    expect(body.lists[0]!.thingCount).toBe(1);
    expect(body.things).toEqual([]);
  });

  test("every term must match", async () => {
    expect(await thingIdsFound("claw oz")).toEqual([ids.hammer!]);
    expect(await thingIdsFound("claw screwdriver")).toEqual([]);
  });

  test("pages are stable and complete", async () => {
    const owner = await createTestUser(t);
    const created: string[] = [];
    for (let index = 0; index < 7; index += 1) created.push(await insertThing(t, owner, { name: `Identical widget` }));
    const seen: string[] = [];
    for (let page = 0; page < 4; page += 1) {
      const body = await search("widget", owner, `&page=${page}&perPage=2`);
      expect(body.totalCount).toBe(7);
      expect(body.page).toBe(page);
      seen.push(...body.things.map((thing) => thing.id));
    }
    expect(seen.sort()).toEqual(created.sort());
  });

  test("property values follow their thing to a new owner", async () => {
    const giver = await createTestUser(t);
    const taker = await createTestUser(t);
    const takersFriend = await createTestUser(t);
    await makeFriends(t, taker, takersFriend);
    const movedThing = await insertThing(t, giver, { name: "Passed-on clamp", sharingState: "friends" });
    await insertStringProperty(t, movedThing, "color", "Vermilionish");
    expect(await thingIdsFound("vermilionish", takersFriend)).toEqual([]);
    await t.db.query(sql`update things set owner_id = ${taker.id} where id = ${movedThing}`);
    expect(await thingIdsFound("vermilionish", takersFriend)).toEqual([movedThing]);
  });

  test("statement count does not grow with results", async () => {
    const owner = await createTestUser(t);
    const [first] = [await insertThing(t, owner, { name: "Counted gadget" })];
    await createListThroughApi(t, owner, { name: "Counted gadget list", thingIds: [first!] });
    counter.reset();
    await search("gadget", owner);
    const forOneOfEach = counter.count();

    const more: string[] = [];
    for (let index = 0; index < 5; index += 1) more.push(await insertThing(t, owner, { name: `Counted gadget ${index}` }));
    await createListThroughApi(t, owner, { name: "Another gadget list", thingIds: more });
    counter.reset();
    await search("gadget", owner);
    expect(counter.count()).toBe(forOneOfEach);
  });
});

describe("search for a viewer with many things seen only through shares and lists", () => {
  test("second branch finds names and properties", async () => {
    const owner = await createTestUser(t);
    const reader = await createTestUser(t);
    const inList = await insertThing(t, owner, { name: "Quokka lamp" });
    const shared = await insertThing(t, owner, { name: "Plain box" });
    await insertStringProperty(t, shared, "pattern", "quokka stripes");
    await createListThroughApi(t, owner, { name: "Lamps", thingIds: [inList], sharingState: "friends" });
    await makeFriends(t, owner, reader);
    await insertShare(t, owner, reader, { thingId: shared });
    const found = async (manySharedThings: number) => {
      const { hits } = await searchVisible(t.db, reader.id, "quokka", splitSearchTerms("quokka"), { page: 0, perPage: 10 }, { manySharedThings });
      return hits.map((hit) => hit.id).sort();
    };

    expect(await found(0)).toEqual([inList, shared].sort());
    expect(await found(1000)).toEqual([inList, shared].sort());
  });
});
