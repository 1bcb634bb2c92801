import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function insertThing(owner: TestUser, sharingState = "private"): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into things (id, name, owner_id, sharing_state) values (${id}, ${`Thing ${id}`}, ${owner.id}, ${sharingState}::sharing_state)`);
  return id;
}

async function insertList(owner: TestUser, thingIds: string[]): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into lists (id, name, owner_id) values (${id}, 'Workshop', ${owner.id})`);
  for (const thingId of thingIds) await t.db.query(sql`insert into lists_things (list_id, thing_id) values (${id}, ${thingId})`);
  return id;
}

async function canAddToCart(user: TestUser, thingId: string): Promise<boolean> {
  const response = await t.request("POST", `/api/cart/items/${thingId}`, { cookie: user.cookie });
  if (response.status === 404) return false;
  expect(response.status).toBe(200);
  await t.request("DELETE", `/api/cart/items/${thingId}`, { cookie: user.cookie });
  return true;
}

async function notificationsOf(user: TestUser): Promise<{ content_type: string; content: Record<string, string> }[]> {
  return t.db.query(sql`select content_type, content from notifications where recipient_id = ${user.id} order by created_at`);
}

describe("creating shares", () => {
  test("owner shares a private thing with a stranger", async () => {
    const owner = await createTestUser(t);
    const target = await createTestUser(t);
    const thingId = await insertThing(owner);
    expect(await canAddToCart(target, thingId)).toBe(false);

    const response = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: target.id, objectId: thingId } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, any>;
    expect(body.type).toBe("thing");
    expect(body.object.id).toBe(thingId);
    expect(body.object.privateNote).toBe("");
    expect(body.targetUser).toEqual({ id: target.id, name: target.name });
    expect(body.owner).toEqual({ id: owner.id, name: owner.name });
    expect(typeof body.id).toBe("string");

    expect(await canAddToCart(target, thingId)).toBe(true);
    expect(await notificationsOf(target)).toEqual([{ content_type: "THING_SHARED", content: { thingId, sharerId: owner.id } }]);
    expect(await notificationsOf(owner)).toEqual([]);
    const mails = await t.db.query<{ to_address: string; subject: string }>(sql`select to_address, subject from mail_outbox where recipient_user_id = ${target.id}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(target.email);
    expect(mails[0]?.subject).toContain("A thing has been shared with you");
  });

  test("sharing twice returns the existing share and notifies once", async () => {
    const owner = await createTestUser(t);
    const target = await createTestUser(t);
    const thingId = await insertThing(owner);
    const first = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: target.id, objectId: thingId } });
    const second = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: target.id, objectId: thingId } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(await notificationsOf(target)).toHaveLength(1);
  });

  test("sharing a list exposes its things to the target", async () => {
    const owner = await createTestUser(t);
    const target = await createTestUser(t);
    const thingId = await insertThing(owner);
    const listId = await insertList(owner, [thingId]);
    const response = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: target.id, objectId: listId } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { type: string }).type).toBe("list");
    expect(await canAddToCart(target, thingId)).toBe(true);
    expect((await notificationsOf(target))[0]?.content_type).toBe("LIST_SHARED");
  });

  test("rejections: self, unknown target, unknown object, not the owner, anonymous", async () => {
    const owner = await createTestUser(t);
    const friend = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const thingId = await insertThing(owner, "friends");
    const strangersThing = await insertThing(stranger);

    const share = (user: TestUser | undefined, targetUserId: string, objectId: string) =>
      t.request("POST", "/api/shares", { cookie: user?.cookie, body: { targetUserId, objectId } });

    const self = await share(owner, owner.id, thingId);
    expect(self.status).toBe(400);
    expect(((await self.json()) as { field: string }).field).toBe("targetUserId");
    expect((await share(owner, newId(), thingId)).status).toBe(404);
    expect((await share(owner, friend.id, newId())).status).toBe(404);
    expect((await share(friend, stranger.id, thingId)).status).toBe(403);
    expect((await share(owner, friend.id, strangersThing)).status).toBe(404);
    expect((await share(undefined, friend.id, thingId)).status).toBe(401);
    const malformed = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: "x y", objectId: thingId } });
    expect(malformed.status).toBe(400);
  });
});

describe("reading, hiding and removing shares", () => {
  async function setUp() {
    const owner = await createTestUser(t);
    const target = await createTestUser(t);
    const stranger = await createTestUser(t);
    const thingId = await insertThing(owner);
    const response = await t.request("POST", "/api/shares", { cookie: owner.cookie, body: { targetUserId: target.id, objectId: thingId } });
    const shareId = ((await response.json()) as { id: string }).id;
    return { owner, target, stranger, thingId, shareId };
  }

  test("owner and target read a share; a stranger and anonymous do not", async () => {
    const { owner, target, stranger, shareId } = await setUp();
    expect((await t.request("GET", `/api/shares/${shareId}`, { cookie: owner.cookie })).status).toBe(200);
    const asTarget = await t.request("GET", `/api/shares/${shareId}`, { cookie: target.cookie });
    expect(asTarget.status).toBe(200);
    expect(((await asTarget.json()) as { object: { privateNote: unknown } }).object.privateNote).toBeNull();
    expect((await t.request("GET", `/api/shares/${shareId}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await t.request("GET", `/api/shares/${shareId}`)).status).toBe(401);
  });

  test("only the owner deletes; the target loses access and the cart entry", async () => {
    const { owner, target, stranger, thingId, shareId } = await setUp();
    expect((await t.request("POST", `/api/cart/items/${thingId}`, { cookie: target.cookie })).status).toBe(200);

    expect((await t.request("DELETE", `/api/shares/${shareId}`, { cookie: target.cookie })).status).toBe(403);
    expect((await t.request("DELETE", `/api/shares/${shareId}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await t.request("DELETE", `/api/shares/${shareId}`, { cookie: owner.cookie })).status).toBe(200);
    expect((await t.request("DELETE", `/api/shares/${shareId}`, { cookie: owner.cookie })).status).toBe(404);

    expect(await canAddToCart(target, thingId)).toBe(false);
    const rows = await t.db.query(sql`select 1 from cart_entries where user_id = ${target.id}`);
    expect(rows).toHaveLength(0);
  });

  test("the target hides a share and loses access until unhiding", async () => {
    const { owner, target, thingId, shareId } = await setUp();
    expect((await t.request("PATCH", `/api/shares/${shareId}`, { cookie: owner.cookie, body: { hidden: true } })).status).toBe(403);

    const hidden = await t.request("PATCH", `/api/shares/${shareId}`, { cookie: target.cookie, body: { hidden: true } });
    expect(hidden.status).toBe(200);
    expect(((await hidden.json()) as { hidden: boolean }).hidden).toBe(true);
    expect(await canAddToCart(target, thingId)).toBe(false);

    await t.request("PATCH", `/api/shares/${shareId}`, { cookie: target.cookie, body: { hidden: false } });
    expect(await canAddToCart(target, thingId)).toBe(true);
  });

  test("shares are listed by direction", async () => {
    const { owner, target, shareId } = await setUp();
    const sent = (await (await t.request("GET", "/api/shares?direction=sent", { cookie: owner.cookie })).json()) as { shares: { id: string }[]; totalCount: number };
    expect(sent.shares.map((share) => share.id)).toEqual([shareId]);
    expect(sent.totalCount).toBe(1);
    const received = (await (await t.request("GET", "/api/shares", { cookie: target.cookie })).json()) as { shares: { id: string }[] };
    expect(received.shares.map((share) => share.id)).toEqual([shareId]);
    const bad = await t.request("GET", "/api/shares?direction=sideways", { cookie: target.cookie });
    expect(bad.status).toBe(400);
  });
});
