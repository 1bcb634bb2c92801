import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import type { NotificationJson } from "./list-notifications.ts";
import { notify } from "./notify.ts";
import { pruneNotifications } from "./prune-notifications.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const day = 24 * 60 * 60 * 1000;

interface NotificationPage {
  notifications: NotificationJson[];
  page: number;
  perPage: number;
  totalCount: number;
  totalPageCount: number;
}

async function insertNotification(
  recipient: TestUser,
  options: { createdAt?: Date; acknowledgedAt?: Date; contentType?: string; content?: Record<string, unknown>; id?: string } = {},
): Promise<string> {
  const id = options.id ?? newId();
  await t.db.query(sql`
    insert into notifications (id, recipient_id, content_type, content, created_at, acknowledged_at)
    values (
      ${id}, ${recipient.id}, ${options.contentType ?? "THING_SHARED"},
      ${JSON.stringify(options.content ?? { thingId: "gone", sharerId: "gone" })}::text::jsonb,
      ${options.createdAt ?? new Date()}, ${options.acknowledgedAt ?? null}
    )`);
  return id;
}

async function listOf(user: TestUser, query = ""): Promise<NotificationPage> {
  return expectResponse(await t.request("GET", `/api/notifications${query}`, { cookie: user.cookie }), 200);
}

async function unreadCountOf(user: TestUser): Promise<number> {
  const body = await expectResponse<{ count: number }>(await t.request("GET", "/api/notifications/unread-count", { cookie: user.cookie }), 200);
  return body.count;
}

async function createThing(owner: TestUser, name: string, sharingState: string): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into things (id, name, owner_id, sharing_state) values (${id}, ${name}, ${owner.id}, ${sharingState}::sharing_state)`);
  return id;
}

describe("GET /api/notifications", () => {
  test("pages newest first with the id as tie-breaker", async () => {
    const user = await createTestUser(t);
    const base = Date.now() - day;
    const oldest = await insertNotification(user, { createdAt: new Date(base) });
    const tiedA = await insertNotification(user, { createdAt: new Date(base + 1000), id: `A${newId().slice(1)}` });
    const tiedB = await insertNotification(user, { createdAt: new Date(base + 1000), id: `B${newId().slice(1)}` });
    const newest = await insertNotification(user, { createdAt: new Date(base + 2000) });

    const first = await listOf(user, "?perPage=3");
    const second = await listOf(user, "?perPage=3&page=1");

    expect(first.notifications.map((n) => n.id)).toEqual([newest, tiedB, tiedA]);
    expect(second.notifications.map((n) => n.id)).toEqual([oldest]);
    expect(first).toMatchObject({ page: 0, perPage: 3, totalCount: 4, totalPageCount: 2 });
  });

  test("onlyUnacknowledged leaves out read ones", async () => {
    const user = await createTestUser(t);
    const unread = await insertNotification(user);
    await insertNotification(user, { acknowledgedAt: new Date() });

    const page = await listOf(user, "?onlyUnacknowledged=true");

    expect(page.notifications.map((n) => [n.id, n.acknowledged])).toEqual([[unread, false]]);
    expect(page.totalCount).toBe(1);
  });

  test("names the actor and a visible subject", async () => {
    const owner = await createTestUser(t, { name: "Owner" });
    const friend = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const thingId = await createThing(owner, "Cordless drill", "friends");
    const listId = newId();
    await t.db.query(sql`insert into lists (id, name, owner_id, sharing_state) values (${listId}, 'Garden', ${owner.id}, 'friends')`);
    await insertNotification(friend, { contentType: "THING_SHARED", content: { thingId, sharerId: owner.id }, createdAt: new Date(Date.now() - 2000) });
    await insertNotification(friend, { contentType: "THINGS_ADDED_TO_LIST", content: { listId, addedById: owner.id }, createdAt: new Date(Date.now() - 1000) });

    const page = await listOf(friend);

    expect(page.notifications.map((n) => ({ contentType: n.contentType, actor: n.actor, subject: n.subject }))).toEqual([
      { contentType: "THINGS_ADDED_TO_LIST", actor: { id: owner.id, name: "Owner" }, subject: { type: "list", id: listId, name: "Garden" } },
      { contentType: "THING_SHARED", actor: { id: owner.id, name: "Owner" }, subject: { type: "thing", id: thingId, name: "Cordless drill" } },
    ]);
  });

  test("hides the subject once it is no longer visible", async () => {
    const owner = await createTestUser(t, { name: "Owner" });
    const friend = await createTestUser(t);
    await makeFriends(t, owner, friend);
    const thingId = await createThing(owner, "Secret plans", "friends");
    await insertNotification(friend, { contentType: "THING_SHARED", content: { thingId, sharerId: owner.id } });
    await t.db.query(sql`update things set sharing_state = 'private' where id = ${thingId}`);

    const [notification] = (await listOf(friend)).notifications;

    expect(notification?.subject).toBeNull();
    expect(notification?.actor).toEqual({ id: owner.id, name: "Owner" });
    expect(JSON.stringify(notification)).not.toContain("Secret plans");
  });

  test("names both sides of a friend request", async () => {
    const sender = await createTestUser(t, { name: "Sender" });
    const receiver = await createTestUser(t, { name: "Receiver" });
    const request = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: sender.cookie, body: { receiverId: receiver.id } }), 201);
    await expectResponse(await t.request("PATCH", `/api/friend_requests/${request.id}`, { cookie: receiver.cookie, body: { accept: true } }), 200);

    const [received] = (await listOf(receiver)).notifications;
    const [reaction] = (await listOf(sender)).notifications;

    expect(received).toMatchObject({
      contentType: "FRIEND_REQUEST",
      actor: { id: sender.id, name: "Sender" },
      subject: { type: "friendRequest", id: request.id, name: "Sender" },
    });
    expect(reaction).toMatchObject({
      contentType: "FRIEND_REQUEST_REACTION",
      content: { requestId: request.id, accepted: true },
      actor: { id: receiver.id, name: "Receiver" },
      subject: { type: "friendRequest", id: request.id, name: "Receiver" },
    });
  });

  test("actor of a deleted account is null", async () => {
    const recipient = await createTestUser(t);
    const gone = await createTestUser(t);
    await insertNotification(recipient, { content: { thingId: "none", sharerId: gone.id } });
    await t.db.query(sql`delete from users where id = ${gone.id}`);

    const [notification] = (await listOf(recipient)).notifications;

    expect(notification).toMatchObject({ actor: null, subject: null });
  });
});

describe("notification recipients", () => {
  test("never include the actor", async () => {
    const actor = await createTestUser(t);
    const other = await createTestUser(t);

    const notified = await t.db.transaction((tx) =>
      notify(tx, {
        recipients: [actor.id, other.id, other.id],
        actorId: actor.id,
        payload: { contentType: "THING_SHARED", content: { thingId: "thing", sharerId: actor.id } },
      }),
    );

    expect(notified.map((user) => user.id)).toEqual([other.id]);
    expect(await unreadCountOf(actor)).toBe(0);
    expect(await unreadCountOf(other)).toBe(1);
  });

  test("of a crossing request are the first sender only", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: bob.id } }), 201);
    await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: bob.cookie, body: { receiverId: alice.id } }), 200);

    const ofAlice = (await listOf(alice)).notifications.map((n) => n.contentType);
    const ofBob = (await listOf(bob)).notifications.map((n) => n.contentType);

    expect(ofAlice).toEqual(["FRIEND_REQUEST_REACTION"]);
    expect(ofBob).toEqual(["FRIEND_REQUEST"]);
  });
});

describe("acknowledging", () => {
  test("one notification keeps the first time", async () => {
    const user = await createTestUser(t);
    const id = await insertNotification(user);
    const firstTime = t.clock.now();

    await expectResponse(await t.request("PATCH", `/api/notifications/${id}`, { cookie: user.cookie }), 200);
    t.clock.advance(60_000);
    await expectResponse(await t.request("PATCH", `/api/notifications/${id}`, { cookie: user.cookie }), 200);

    const [row] = await t.db.query<{ acknowledged_at: Date }>(sql`select acknowledged_at from notifications where id = ${id}`);
    expect(row?.acknowledged_at.toISOString()).toBe(firstTime.toISOString());
    expect(await unreadCountOf(user)).toBe(0);
  });

  test("another user's notification is 404", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const id = await insertNotification(owner);

    const foreign = await expectResponse(await t.request("PATCH", `/api/notifications/${id}`, { cookie: other.cookie }), 404);
    const unknown = await expectResponse(await t.request("PATCH", "/api/notifications/no-such-notification", { cookie: other.cookie }), 404);

    expect(foreign.message).toBe("Notification not found");
    expect(unknown.message).toBe("Notification not found");
    expect(await unreadCountOf(owner)).toBe(1);
  });

  test("all of them counts only the unread", async () => {
    const user = await createTestUser(t);
    const bystander = await createTestUser(t);
    await insertNotification(user);
    await insertNotification(user);
    await insertNotification(user, { acknowledgedAt: new Date() });
    await insertNotification(bystander);

    const first = await expectResponse(await t.request("POST", "/api/notifications/acknowledge-all", { cookie: user.cookie }), 200);
    const second = await expectResponse(await t.request("POST", "/api/notifications/acknowledge-all", { cookie: user.cookie }), 200);

    expect(first).toEqual({ acknowledged: 2 });
    expect(second).toEqual({ acknowledged: 0 });
    expect(await unreadCountOf(user)).toBe(0);
    expect(await unreadCountOf(bystander)).toBe(1);
  });
});

describe("pruneNotifications", () => {
  test("deletes only old acknowledged ones", async () => {
    const user = await createTestUser(t);
    const now = t.clock.now().getTime();
    const oldRead = await insertNotification(user, { createdAt: new Date(now - 200 * day), acknowledgedAt: new Date(now - 190 * day) });
    const oldUnread = await insertNotification(user, { createdAt: new Date(now - 200 * day) });
    const recentRead = await insertNotification(user, { createdAt: new Date(now - 10 * day), acknowledgedAt: new Date(now - 9 * day) });

    const deleted = await pruneNotifications(t.db, t.clock);

    const left = await t.db.query<{ id: string }>(sql`select id from notifications where recipient_id = ${user.id} order by id`);
    expect(left.map((row) => row.id)).toEqual([oldUnread, recentRead].sort());
    expect(left.map((row) => row.id)).not.toContain(oldRead);
    expect(deleted).toBeGreaterThanOrEqual(1);
  });
});

describe("anonymous caller", () => {
  test("gets 401 from every notification route", async () => {
    const calls: [string, string][] = [
      ["GET", "/api/notifications"],
      ["GET", "/api/notifications/unread-count"],
      ["PATCH", "/api/notifications/some-notification"],
      ["POST", "/api/notifications/acknowledge-all"],
    ];
    for (const [method, path] of calls) {
      const body = await expectResponse(await t.request(method, path), 401);
      expect(body.message).toBe("Authentication required");
    }
  });
});
