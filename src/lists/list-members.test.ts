import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends } from "../testing/users.ts";
import { createListThroughApi, insertThing } from "./list-test-factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function memberIds(listId: string, cookie: string): Promise<string[]> {
  const response = await t.request("GET", `/api/lists/${listId}/things?perPage=200`, { cookie });
  const body = (await response.json()) as { things: { id: string }[] };
  return body.things.map((thing) => thing.id);
}

describe("POST and DELETE /api/lists/:id/things/:thingId", () => {
  test("adds and removes one thing", async () => {
    const owner = await createTestUser(t);
    const [kept, added] = [await insertThing(t, owner), await insertThing(t, owner)];
    const listId = await createListThroughApi(t, owner, { thingIds: [kept] });

    const add = await t.request("POST", `/api/lists/${listId}/things/${added}`, { cookie: owner.cookie });
    expect(add.status).toBe(204);
    expect((await memberIds(listId, owner.cookie)).sort()).toEqual([kept, added].sort());

    const remove = await t.request("DELETE", `/api/lists/${listId}/things/${added}`, { cookie: owner.cookie });
    expect(remove.status).toBe(204);
    expect(await memberIds(listId, owner.cookie)).toEqual([kept]);
  });

  test("adding and removing are idempotent", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const listId = await createListThroughApi(t, owner, {});
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await t.request("POST", `/api/lists/${listId}/things/${thing}`, { cookie: owner.cookie })).status).toBe(204);
    }
    expect(await memberIds(listId, owner.cookie)).toEqual([thing]);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await t.request("DELETE", `/api/lists/${listId}/things/${thing}`, { cookie: owner.cookie })).status).toBe(204);
    }
    expect(await memberIds(listId, owner.cookie)).toEqual([]);
  });

  test("invisible list or thing is 404", async () => {
    const owner = await createTestUser(t);
    const stranger = await createTestUser(t);
    const listId = await createListThroughApi(t, owner, {});
    const strangersThing = await insertThing(t, stranger);
    const ownThing = await insertThing(t, owner);

    const invisibleThing = await t.request("POST", `/api/lists/${listId}/things/${strangersThing}`, { cookie: owner.cookie });
    expect(invisibleThing.status).toBe(404);
    expect(((await invisibleThing.json()) as { message: string }).message).toBe(`Thing ${strangersThing} not found`);
    expect((await t.request("DELETE", `/api/lists/${listId}/things/${strangersThing}`, { cookie: owner.cookie })).status).toBe(404);

    const strangersList = await createListThroughApi(t, stranger, {});
    expect((await t.request("POST", `/api/lists/${strangersList}/things/${ownThing}`, { cookie: owner.cookie })).status).toBe(404);
    expect((await t.request("DELETE", `/api/lists/${strangersList}/things/${ownThing}`, { cookie: owner.cookie })).status).toBe(404);
  });

  test("non-owner of a visible list gets 403", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const listId = await createListThroughApi(t, owner, { sharingState: "friends" });
    const friendsThing = await insertThing(t, friend);
    expect((await t.request("POST", `/api/lists/${listId}/things/${friendsThing}`, { cookie: friend.cookie })).status).toBe(403);
    expect((await t.request("DELETE", `/api/lists/${listId}/things/${friendsThing}`, { cookie: friend.cookie })).status).toBe(403);
    expect((await t.request("POST", `/api/lists/${listId}/things/${friendsThing}`)).status).toBe(401);
  });

  test("another user's visible thing is 403", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const listId = await createListThroughApi(t, owner, {});
    const friendsThing = await insertThing(t, friend, { sharingState: "friends" });
    expect((await t.request("POST", `/api/lists/${listId}/things/${friendsThing}`, { cookie: owner.cookie })).status).toBe(403);
  });
});

describe("paging of a list's things", () => {
  test("pages members oldest first, stable across pages", async () => {
    const owner = await createTestUser(t);
    const base = Date.parse("2026-01-01T00:00:00Z");
    const things: string[] = [];
    // Two things per timestamp, so the id has to break ties for the order to be stable.
    for (let index = 0; index < 7; index += 1) {
      things.push(await insertThing(t, owner, { createdAt: new Date(base + Math.floor(index / 2) * 1000) }));
    }
    const listId = await createListThroughApi(t, owner, { thingIds: [...things].reverse() });
    const expected = things
      .map((id, index) => ({ id, second: Math.floor(index / 2) }))
      .sort((a, b) => a.second - b.second || (a.id < b.id ? -1 : 1))
      .map((thing) => thing.id);

    const seen: string[] = [];
    for (let page = 0; page < 3; page += 1) {
      const response = await t.request("GET", `/api/lists/${listId}?thingsPage=${page}&thingsPerPage=3`, { cookie: owner.cookie });
      const body = (await response.json()) as { things: { id: string }[]; thingsPage: unknown; thingCount: number };
      expect(body.thingsPage).toEqual({ page, perPage: 3, totalCount: 7, totalPageCount: 3 });
      expect(body.thingCount).toBe(7);
      seen.push(...body.things.map((thing) => thing.id));
    }
    expect(seen).toEqual(expected);

    const envelope = await t.request("GET", `/api/lists/${listId}/things?page=1&perPage=3`, { cookie: owner.cookie });
    const body = (await envelope.json()) as { things: { id: string }[]; page: number; perPage: number; totalCount: number; totalPageCount: number };
    expect(body.things.map((thing) => thing.id)).toEqual(expected.slice(3, 6));
    expect(body.totalCount).toBe(7);
    expect(body.totalPageCount).toBe(3);
  });

  test("things of an invisible list are 404", async () => {
    const owner = await createTestUser(t);
    const stranger = await createTestUser(t);
    const listId = await createListThroughApi(t, owner, { thingIds: [await insertThing(t, owner)] });
    expect((await t.request("GET", `/api/lists/${listId}/things`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await t.request("GET", `/api/lists/${listId}/things`)).status).toBe(401);
  });

  test("thingsPerPage above 200 is 400", async () => {
    const owner = await createTestUser(t);
    const listId = await createListThroughApi(t, owner, {});
    const response = await t.request("GET", `/api/lists/${listId}?thingsPerPage=201`, { cookie: owner.cookie });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe("thingsPerPage");
  });
});
