import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends } from "../testing/users.ts";
import { createListThroughApi, insertShare, insertThing } from "./list-test-factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function json(response: Response): Promise<any> {
  return response.json();
}

describe("POST /api/lists", () => {
  test("creates a list and returns the full list with 201", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner, { name: "Drill" });
    const response = await t.request("POST", "/api/lists", {
      cookie: owner.cookie,
      body: { name: "Workshop", thingIds: [thing], sharingState: "friends" },
    });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.name).toBe("Workshop");
    expect(body.owner).toEqual({ id: owner.id, name: owner.name });
    expect(body.sharingState).toBe("friends");
    expect(body.actions).toEqual({ canEdit: true, canDelete: true, canShare: true });
    expect(body.shares).toEqual([]);
    expect(body.things.map((thingJson: { id: string }) => thingJson.id)).toEqual([thing]);
    expect(body.thingCount).toBe(1);
    expect(body.thingsPage).toEqual({ page: 0, perPage: 50, totalCount: 1, totalPageCount: 1 });
    expect(body.createdAt).toMatch(/Z$/);
  });

  test("collapses duplicate thing ids", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const response = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "Dupes", thingIds: [thing, thing] } });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.thingCount).toBe(1);
  });

  test("defaults to private and no things", async () => {
    const owner = await createTestUser(t);
    const response = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "Bare" } });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.sharingState).toBe("private");
    expect(body.things).toEqual([]);
  });

  test("rejects an unknown thing with 404 naming it, and creates nothing", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const response = await t.request("POST", "/api/lists", {
      cookie: owner.cookie,
      body: { name: "Ghost list", thingIds: [thing, "doesNotExist123"] },
    });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(404);
    expect(body.message).toBe("Thing doesNotExist123 not found");
    expect(body.field).toBe("thingIds[1]");
    const lists = await t.db.query(sql`select id from lists where owner_id = ${owner.id}`);
    expect(lists).toEqual([]);
  });

  test("rejects a thing the owner cannot see with 404", async () => {
    const owner = await createTestUser(t);
    const stranger = await createTestUser(t);
    const hidden = await insertThing(t, stranger);
    const response = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "Take", thingIds: [hidden] } });
    expect(response.status).toBe(404);
  });

  test("rejects another user's visible thing with 403", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const friendsThing = await insertThing(t, friend, { sharingState: "friends" });
    const response = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "Borrowed", thingIds: [friendsThing] } });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(403);
    expect(body.message).toBe("Entity does not belong to user");
  });

  test("invalid name or state is 400", async () => {
    const owner = await createTestUser(t);
    const emptyName = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "  ", thingIds: [] } });
    expect(emptyName.status).toBe(400);
    expect((await json(emptyName)).message).toBe("name: must not be empty");
    const badState = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "X", sharingState: "public" } });
    expect(badState.status).toBe(400);
    expect((await json(badState)).field).toBe("sharingState");
  });

  test("requires a session", async () => {
    const response = await t.request("POST", "/api/lists", { body: { name: "Anonymous" } });
    expect(response.status).toBe(401);
  });
});

describe("PATCH /api/lists/:id", () => {
  test("changes only the fields sent", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const id = await createListThroughApi(t, owner, { name: "Before", thingIds: [thing], sharingState: "friends" });
    const response = await t.request("PATCH", `/api/lists/${id}`, { cookie: owner.cookie, body: { name: "After" } });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.name).toBe("After");
    expect(body.sharingState).toBe("friends");
    expect(body.thingCount).toBe(1);
  });

  test("replaces the membership when thingIds is sent", async () => {
    const owner = await createTestUser(t);
    const [a, b, c] = [await insertThing(t, owner), await insertThing(t, owner), await insertThing(t, owner)];
    const id = await createListThroughApi(t, owner, { thingIds: [a, b] });
    const response = await t.request("PATCH", `/api/lists/${id}`, { cookie: owner.cookie, body: { thingIds: [b, c] } });
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.things.map((thing: { id: string }) => thing.id).sort()).toEqual([b, c].sort());
  });

  test("keeps the list unchanged when a thing id is rejected", async () => {
    const owner = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const id = await createListThroughApi(t, owner, { name: "Stable", thingIds: [thing] });
    const response = await t.request("PATCH", `/api/lists/${id}`, { cookie: owner.cookie, body: { name: "Changed", thingIds: ["missingThing0"] } });
    expect(response.status).toBe(404);
    const list = await json(await t.request("GET", `/api/lists/${id}`, { cookie: owner.cookie }));
    expect(list.name).toBe("Stable");
    expect(list.thingCount).toBe(1);
  });

  test("non-owner gets 403 or 404", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const id = await createListThroughApi(t, owner, { sharingState: "friends" });
    const byFriend = await t.request("PATCH", `/api/lists/${id}`, { cookie: friend.cookie, body: { name: "Mine now" } });
    expect(byFriend.status).toBe(403);
    const byStranger = await t.request("PATCH", `/api/lists/${id}`, { cookie: stranger.cookie, body: { name: "Mine now" } });
    expect(byStranger.status).toBe(404);
    const anonymous = await t.request("PATCH", `/api/lists/${id}`, { body: { name: "Mine now" } });
    expect(anonymous.status).toBe(401);
  });
});

describe("DELETE /api/lists/:id", () => {
  test("deletes the list and its shares but keeps its things", async () => {
    const owner = await createTestUser(t);
    const target = await createTestUser(t);
    const thing = await insertThing(t, owner);
    const id = await createListThroughApi(t, owner, { thingIds: [thing] });
    await insertShare(t, owner, target, { listId: id });

    const response = await t.request("DELETE", `/api/lists/${id}`, { cookie: owner.cookie });
    expect(response.status).toBe(204);
    expect((await t.request("GET", `/api/lists/${id}`, { cookie: owner.cookie })).status).toBe(404);
    expect(await t.db.query(sql`select id from things where id = ${thing}`)).toHaveLength(1);
    expect(await t.db.query(sql`select id from shares where list_id = ${id}`)).toHaveLength(0);
  });

  test("non-owner gets 403 or 404", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const id = await createListThroughApi(t, owner, { sharingState: "friends" });
    expect((await t.request("DELETE", `/api/lists/${id}`, { cookie: friend.cookie })).status).toBe(403);
    expect((await t.request("DELETE", `/api/lists/${id}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await t.request("DELETE", `/api/lists/${id}`)).status).toBe(401);
    expect((await t.request("GET", `/api/lists/${id}`, { cookie: owner.cookie })).status).toBe(200);
  });
});

describe("GET /api/lists/:id", () => {
  test("is 404 for an unknown id", async () => {
    const viewer = await createTestUser(t);
    const response = await t.request("GET", "/api/lists/noSuchList0000", { cookie: viewer.cookie });
    const body = await json(response);
    expect(response.status).toBe(404);
    expect(body.message).toBe("List not found");
  });
});
