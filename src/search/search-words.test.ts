import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { insertShare, insertStringProperty, insertThing } from "../lists/list-test-factories.ts";
import type { SharingState } from "../lists/list-input.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createThingAs, expectStatus, insertList } from "../things/thing-fixtures.ts";
import { createCircle, createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { pruneSearchVocabulary } from "./prune-vocabulary.ts";
import { searchVisible } from "./search-visible.ts";
import { splitSearchTerms } from "./search-terms.ts";

// The words of things are stored on the thing and indexed under owner and sharing state
// (migration thing_search_words). These tests check that the stored words follow every edit
// and that a search finds exactly what the visibility rule shows.

let t: TestApp;
let viewer: TestUser;
let friend: TestUser;
let friendOfFriend: TestUser;
let stranger: TestUser;
let loner: TestUser;
const states: SharingState[] = ["private", "friends", "friends-of-friends"];

async function found(user: TestUser, query: string, visibility: Parameters<typeof visibilityCtes>[1] = {}): Promise<string[]> {
  const { hits } = await searchVisible(t.db, user.id, query, splitSearchTerms(query), { page: 0, perPage: 200 }, visibility);
  return hits.filter((hit) => hit.kind === "thing").map((hit) => hit.id).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  ({ viewer, friend, friendOfFriend, stranger, loner } = await createCircle(t));

  // Every thing carries the word "zebrawood" somewhere: in its name, its description, a
  // property or its private note, so every part of the stored words is reached.
  const privateOf: Record<string, string> = {};
  for (const user of [viewer, friend, friendOfFriend, stranger]) {
    for (const state of states) {
      const inName = await insertThing(t, user, { name: `Zebrawood box ${state}`, sharingState: state });
      await insertThing(t, user, { name: "Plank", description: `zebrawood offcut, ${state}`, sharingState: state });
      const inProperty = await insertThing(t, user, { name: "Veneer", sharingState: state });
      await insertStringProperty(t, inProperty, "wood", "Zebrawood");
      await insertThing(t, user, { name: "Crate", privateNote: "zebrawood inside", sharingState: state });
      if (state === "private") privateOf[user.id] = inName;
    }
  }
  // Things seen only through a direct share and through a shared list.
  await insertShare(t, stranger, viewer, { thingId: privateOf[stranger.id]! });
  const sharedList = await insertList(t, stranger, "private", [privateOf[friendOfFriend.id]!]);
  await insertShare(t, friendOfFriend, viewer, { listId: sharedList });
  await insertList(t, friend, "friends", [privateOf[stranger.id]!, privateOf[friend.id]!]);
});

async function visibleWithWord(user: TestUser, condition: ReturnType<typeof sql>): Promise<string[]> {
  const rows = await t.db.query<{ id: string }>(sql`
    with ${visibilityCtes(user.id)}
    select t.id from things t where ${thingVisible(user.id, "t")} and ${condition} order by t.id`);
  return rows.map((row) => row.id).sort();
}

// What the word must find: every visible thing with it in a public text, and the viewer's own
// things with it in the private note.
const hasZebrawood = (user: TestUser) => sql`(
  (t.name || ' ' || t.description) ilike '%zebrawood%'
  or exists (select 1 from properties p where p.thing_id = t.id and p.value_string ilike '%zebrawood%')
  or (t.owner_id = ${user.id} and t.private_note ilike '%zebrawood%'))`;

describe("search by words", () => {
  test("finds exactly the visible things for every relation", async () => {
    for (const user of [viewer, friend, friendOfFriend, stranger, loner]) {
      const expected = await visibleWithWord(user, hasZebrawood(user));
      expect({ user: user.name, found: await found(user, "zebrawood") }).toEqual({ user: user.name, found: expected });
    }
  });

  test("agrees across visibility forms", async () => {
    for (const user of [viewer, friend, friendOfFriend, stranger]) {
      const expected = await visibleWithWord(user, hasZebrawood(user));
      expect(await found(user, "zebrawood", { manySharedThings: 0 })).toEqual(expected);
      expect(await found(user, "zebrawood", { wideCircle: 0 })).toEqual(expected);
    }
  });

  test("finds word starts and ranks whole words first", async () => {
    const expected = await visibleWithWord(viewer, hasZebrawood(viewer));
    expect(await found(viewer, "zebra")).toEqual(expected);
    const owner = await createTestUser(t);
    const whole = await insertThing(t, owner, { name: "Oak dowel", createdAt: new Date("2026-01-01T00:00:00Z") });
    const start = await insertThing(t, owner, { name: "Oaken peg", createdAt: new Date("2026-02-01T00:00:00Z") });
    const { hits } = await searchVisible(t.db, owner.id, "oak", splitSearchTerms("oak"), { page: 0, perPage: 10 });
    expect(hits.map((hit) => hit.id)).toEqual([whole, start]);
  });

  test("needs every term, each anywhere in the thing", async () => {
    const owner = await createTestUser(t);
    const split = await insertThing(t, owner, { name: "Walnut", description: "quartersawn" });
    await insertThing(t, owner, { name: "Walnut offcut" });
    const inNote = await insertThing(t, owner, { name: "Walnut slab", privateNote: "quartersawn, dry" });
    expect(await found(owner, "walnut quartersawn")).toEqual([split, inNote].sort());
  });
});

describe("search by typos", () => {
  test("finds exactly the visible things for every relation", async () => {
    // "zebrawod" is no word of any thing; "zebrawood" is close to it.
    for (const user of [viewer, friend, friendOfFriend, stranger, loner]) {
      const expected = await visibleWithWord(user, hasZebrawood(user));
      expect({ user: user.name, found: await found(user, "zebrawod") }).toEqual({ user: user.name, found: expected });
    }
  });

  test("agrees across visibility forms", async () => {
    for (const user of [viewer, friend, friendOfFriend]) {
      const expected = await visibleWithWord(user, hasZebrawood(user));
      expect(await found(user, "zebrawod", { manySharedThings: 0 })).toEqual(expected);
      expect(await found(user, "zebrawod", { wideCircle: 0 })).toEqual(expected);
    }
  });

  test("finds words written after the first search", async () => {
    const owner = await createTestUser(t);
    const id = await insertThing(t, owner, { name: "Spokeshave" });
    expect(await found(owner, "quillback")).toEqual([]);
    await t.db.query(sql`update things set description = 'quillbacked grain' where id = ${id}`);
    expect(await found(owner, "quilbacked")).toEqual([id]);
  });
});

describe("search vocabulary", () => {
  async function vocabularyHas(words: string[]): Promise<string[]> {
    const rows = await t.db.query<{ word: string }>(sql`select word from search_vocabulary where word = any(${words}::text[]) order by word`);
    return rows.map((row) => row.word);
  }

  async function pruneAll(): Promise<void> {
    for (let round = 0; round < 100; round += 1) {
      await t.db.transaction((tx) => pruneSearchVocabulary(tx));
      const [queued] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from search_vocabulary_doubts`);
      if (queued!.n === 0) return;
    }
  }

  test("loses the words no thing holds after a prune", async () => {
    const owner = await createTestUser(t);
    await insertThing(t, owner, { name: "Wobbleshaft keeper" });
    const deleted = await insertThing(t, owner, { name: "Wobbleshaft", description: "glimmerquartz", privateNote: "snorkelbat" });
    const renamed = await insertThing(t, owner, { name: "Fizzlecrank" });
    const words = ["fizzlecrank", "glimmerquartz", "keeper", "snorkelbat", "wobbleshaft"];
    expect(await vocabularyHas(words)).toEqual(words);

    await t.db.query(sql`delete from things where id = ${deleted}`);
    await t.db.query(sql`update things set name = 'Plain crank' where id = ${renamed}`);
    await pruneAll();

    expect(await vocabularyHas(words)).toEqual(["keeper", "wobbleshaft"]);
  });
});

describe("stored words", () => {
  async function createThing(user: TestUser, body: Record<string, unknown>): Promise<string> {
    return (await createThingAs(t, user, body)).id;
  }

  async function patch(user: TestUser, id: string, body: Record<string, unknown>): Promise<void> {
    await expectStatus(await t.request("PATCH", `/api/things/${id}`, { cookie: user.cookie, body }), 200);
  }

  test("follow edits of name, description, properties and private note", async () => {
    const owner = await createTestUser(t);
    const id = await createThing(owner, {
      name: "Mahogany board",
      description: "rough sawn",
      privateNote: "from the loft",
      properties: [{ type: "string", name: "grade", value: "Firsts" }],
    });
    for (const word of ["mahogany", "rough", "loft", "firsts"]) expect(await found(owner, word)).toEqual([id]);

    await patch(owner, id, { name: "Teak board", description: "planed", privateNote: "from the barn" });
    await patch(owner, id, { properties: [{ type: "string", name: "grade", value: "Selects" }] });
    for (const word of ["mahogany", "rough", "loft", "firsts"]) expect(await found(owner, word)).toEqual([]);
    for (const word of ["teak", "planed", "barn", "selects"]) expect(await found(owner, word)).toEqual([id]);

    await patch(owner, id, { properties: [] });
    expect(await found(owner, "selects")).toEqual([]);
  });

  test("follow a change of sharing state", async () => {
    const owner = await createTestUser(t);
    const reader = await createTestUser(t);
    await makeFriends(t, owner, reader);
    const id = await createThing(owner, { name: "Cocobolo blank" });
    expect(await found(reader, "cocobolo")).toEqual([]);
    await patch(owner, id, { sharingState: "friends" });
    expect(await found(reader, "cocobolo")).toEqual([id]);
    await patch(owner, id, { sharingState: "private" });
    expect(await found(reader, "cocobolo")).toEqual([]);
  });

  test("are the same whether written by the trigger or computed afresh", async () => {
    const rows = await t.db.query<{ id: string }>(sql`
      select t.id from things t
      where t.search_words <> stashsphere_thing_search_words(t.name, t.description, t.id)
        or t.note_words <> strip(to_tsvector('simple', lower(stashsphere_unaccent(t.private_note))))`);
    expect(rows).toEqual([]);
  });
});
