import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, makeFriends, sessionCookieFor, type TestUser } from "../testing/users.ts";
import type { FriendRequestJson } from "./friend-request-json.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const day = 24 * 60 * 60 * 1000;

async function send(from: TestUser, to: TestUser | string, status = 201): Promise<FriendRequestJson> {
  const receiverId = typeof to === "string" ? to : to.id;
  return expectResponse(await t.request("POST", "/api/friend_requests", { cookie: from.cookie, body: { receiverId } }), status);
}

async function answer(as: TestUser, requestId: string, accept: boolean, status = 200): Promise<FriendRequestJson> {
  return expectResponse(await t.request("PATCH", `/api/friend_requests/${requestId}`, { cookie: as.cookie, body: { accept } }), status);
}

async function notificationsOf(user: TestUser) {
  return t.db.query<{ content_type: string; content: Record<string, unknown> }>(sql`
    select content_type, content from notifications where recipient_id = ${user.id} order by created_at, id`);
}

async function mailsTo(user: TestUser) {
  return t.db.query<{ to_address: string; subject: string; body: string }>(sql`
    select to_address, subject, body from mail_outbox where recipient_user_id = ${user.id} order by id`);
}

async function friendshipRows(a: TestUser, b: TestUser) {
  return t.db.query(sql`
    select 1 from friendships
    where (friend1_id = ${a.id} and friend2_id = ${b.id}) or (friend1_id = ${b.id} and friend2_id = ${a.id})`);
}

describe("POST /api/friend_requests", () => {
  test("creates a pending request and notifies only the receiver", async () => {
    const alice = await createTestUser(t, { name: "Alice" });
    const bob = await createTestUser(t, { name: "Bob" });

    const request = await send(alice, bob);

    expect(request).toMatchObject({ sender: { id: alice.id, name: "Alice" }, receiver: { id: bob.id, name: "Bob" }, state: "pending" });
    expect(request.createdAt).toBe(t.clock.now().toISOString());
    expect(JSON.stringify(request)).not.toContain("@");
    expect(await notificationsOf(bob)).toEqual([
      { content_type: "FRIEND_REQUEST", content: { requestId: request.id, senderId: alice.id } },
    ]);
    expect(await notificationsOf(alice)).toEqual([]);
  });

  test("e-mails the receiver only", async () => {
    const alice = await createTestUser(t, { name: "Alice" });
    const bob = await createTestUser(t, { name: "Bob" });

    await send(alice, bob);

    const mails = await mailsTo(bob);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(bob.email);
    expect(mails[0]?.subject).toContain("You have a new friend request");
    expect(mails[0]?.body).toContain("Alice would like to be your friend");
    expect(await mailsTo(alice)).toEqual([]);
  });

  test("unknown receiver is 404", async () => {
    const alice = await createTestUser(t);

    const body = await expectResponse(
      await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: "no-such-user-000000000" } }),
      404,
    );

    expect(body.message).toBe("user not found");
  });

  test("receiver scheduled for deletion is 404", async () => {
    const alice = await createTestUser(t);
    const leaving = await createTestUser(t);
    await t.db.query(sql`update users set purge_at = now() + interval '30 days' where id = ${leaving.id}`);

    const body = await send(alice, leaving, 404);

    expect((body as unknown as { message: string }).message).toBe("user not found");
  });

  test("request to oneself is 400", async () => {
    const alice = await createTestUser(t);

    const body = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: alice.id } }), 400);

    expect(body.field).toBe("receiverId");
  });

  test("missing receiverId is 400 naming the field", async () => {
    const alice = await createTestUser(t);

    const body = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: {} }), 400);

    expect(body).toMatchObject({ field: "receiverId", message: "receiverId: is required" });
  });

  test("friends already is 409", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await makeFriends(t, alice, bob);

    const fromAlice = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: bob.id } }), 409);
    const fromBob = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: bob.cookie, body: { receiverId: alice.id } }), 409);

    expect(fromAlice.message).toBe("already friends");
    expect(fromBob.message).toBe("already friends");
  });

  test("second pending request in the same direction is 409", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await send(alice, bob);

    const body = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: bob.id } }), 409);

    expect(body.message).toBe("A pending request already exists");
  });

  test("request crossing a pending one accepts it with 200", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const fromAlice = await send(alice, bob);

    const result = await send(bob, alice, 200);

    expect(result).toMatchObject({ id: fromAlice.id, state: "accepted", sender: { id: alice.id }, receiver: { id: bob.id } });
    expect(await friendshipRows(alice, bob)).toHaveLength(1);
    const pending = await t.db.query(sql`
      select 1 from friend_requests where state = 'pending' and (sender_id = ${bob.id} or receiver_id = ${bob.id})`);
    expect(pending).toHaveLength(0);
    expect((await notificationsOf(alice)).map((n) => n.content)).toEqual([{ requestId: fromAlice.id, accepted: true }]);
    expect((await notificationsOf(bob)).map((n) => n.content_type)).toEqual(["FRIEND_REQUEST"]);
  });
});

describe("cooling-off after a rejection", () => {
  test("sender must wait seven days to ask again", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const first = await send(alice, bob);
    await answer(bob, first.id, false);
    const allowedFrom = new Date(t.clock.now().getTime() + 7 * day);

    t.clock.advance(7 * day - 60_000);
    // Sessions last hours, so the jump needs a fresh one.
    alice.cookie = await sessionCookieFor(t, alice.id);
    const response = await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: bob.id } });
    const retryAfter = response.headers.get("retry-after");
    const body = await expectResponse(response, 429);

    expect(body.message).toContain(allowedFrom.toISOString());
    expect(retryAfter).toBe("60");

    t.clock.advance(60_000);
    alice.cookie = await sessionCookieFor(t, alice.id);
    const second = await send(alice, bob);
    expect(second.state).toBe("pending");
  });

  test("does not stop the rejecting user from asking", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const first = await send(alice, bob);
    await answer(bob, first.id, false);

    const fromBob = await send(bob, alice);

    expect(fromBob.state).toBe("pending");
  });
});

describe("DELETE /api/friend_requests/:id", () => {
  test("sender withdraws a pending request and its notification", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);

    await expectResponse(await t.request("DELETE", `/api/friend_requests/${request.id}`, { cookie: alice.cookie }), 200);

    expect(await t.db.query(sql`select 1 from friend_requests where id = ${request.id}`)).toHaveLength(0);
    expect(await notificationsOf(bob)).toEqual([]);
    expect((await send(alice, bob)).state).toBe("pending");
  });

  test("receiver gets 403", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);

    await expectResponse(await t.request("DELETE", `/api/friend_requests/${request.id}`, { cookie: bob.cookie }), 403);
  });

  test("stranger and unknown id get 404", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const mallory = await createTestUser(t);
    const request = await send(alice, bob);

    const stranger = await expectResponse(await t.request("DELETE", `/api/friend_requests/${request.id}`, { cookie: mallory.cookie }), 404);
    const unknown = await expectResponse(await t.request("DELETE", "/api/friend_requests/unknown-request-00000", { cookie: alice.cookie }), 404);

    expect(stranger.message).toBe("FriendRequest not found");
    expect(unknown.message).toBe("FriendRequest not found");
  });

  test("accepted or rejected request stays", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    const accepted = await send(alice, bob);
    await answer(bob, accepted.id, true);
    const rejected = await send(alice, carol);
    await answer(carol, rejected.id, false);

    const afterAccept = await expectResponse(await t.request("DELETE", `/api/friend_requests/${accepted.id}`, { cookie: alice.cookie }), 409);
    const afterReject = await expectResponse(await t.request("DELETE", `/api/friend_requests/${rejected.id}`, { cookie: alice.cookie }), 409);

    expect(afterAccept.message).toBe("Friend request not pending");
    expect(afterReject.message).toBe("Friend request not pending");
    expect(await friendshipRows(alice, bob)).toHaveLength(1);
  });
});

describe("PATCH /api/friend_requests/:id", () => {
  test("accept makes friends and notifies only the sender", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);

    const answered = await answer(bob, request.id, true);

    expect(answered).toMatchObject({ id: request.id, state: "accepted" });
    expect(await friendshipRows(alice, bob)).toHaveLength(1);
    expect(await notificationsOf(alice)).toEqual([
      { content_type: "FRIEND_REQUEST_REACTION", content: { requestId: request.id, accepted: true } },
    ]);
    expect((await notificationsOf(bob)).map((n) => n.content_type)).toEqual(["FRIEND_REQUEST"]);
  });

  test("reject makes no friendship and tells the sender", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);

    const answered = await answer(bob, request.id, false);

    expect(answered.state).toBe("rejected");
    expect(await friendshipRows(alice, bob)).toHaveLength(0);
    expect((await notificationsOf(alice)).map((n) => n.content)).toEqual([{ requestId: request.id, accepted: false }]);
  });

  test("reaction e-mails only the sender", async () => {
    const alice = await createTestUser(t, { name: "Alice" });
    const bob = await createTestUser(t, { name: "Bob" });
    const carol = await createTestUser(t, { name: "Carol" });
    const toBob = await send(alice, bob);
    const toCarol = await send(alice, carol);

    await answer(bob, toBob.id, true);
    await answer(carol, toCarol.id, false);

    const subjects = (await mailsTo(alice)).map((mail) => mail.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toContain("Bob accepted your friend request");
    expect(subjects[1]).toContain("Carol declined your friend request");
    expect((await mailsTo(bob)).map((mail) => mail.subject)).toHaveLength(1);
    expect((await mailsTo(carol)).map((mail) => mail.subject)).toHaveLength(1);
  });

  test("accepting or rejecting marks the receiver's notification about the request read", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    const toBob = await send(alice, bob);
    const toCarol = await send(alice, carol);
    const unrelated = await send(carol, bob);

    await answer(bob, toBob.id, true);
    await answer(carol, toCarol.id, false);

    const unread = async (user: TestUser) => {
      const rows = await t.db.query<{ content: { requestId: string } }>(sql`
        select content from notifications where recipient_id = ${user.id} and acknowledged_at is null`);
      return rows.map((row) => row.content.requestId);
    };
    expect(await unread(bob)).toEqual([unrelated.id]);
    expect(await unread(carol)).toEqual([]);
    expect(await unread(alice)).toHaveLength(2);
  });

  test("missing accept is 400, not a rejection", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);

    const body = await expectResponse(await t.request("PATCH", `/api/friend_requests/${request.id}`, { cookie: bob.cookie, body: {} }), 400);
    const wrongType = await expectResponse(
      await t.request("PATCH", `/api/friend_requests/${request.id}`, { cookie: bob.cookie, body: { accept: "yes" } }),
      400,
    );

    expect(body).toMatchObject({ field: "accept", message: "accept: is required" });
    expect(wrongType.field).toBe("accept");
    const [row] = await t.db.query<{ state: string }>(sql`select state::text from friend_requests where id = ${request.id}`);
    expect(row?.state).toBe("pending");
  });

  test("sender gets 403, stranger and unknown id 404", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const mallory = await createTestUser(t);
    const request = await send(alice, bob);

    await answer(alice, request.id, true, 403);
    const stranger = await answer(mallory, request.id, true, 404);
    const unknown = await answer(bob, "unknown-request-00000", true, 404);

    expect((stranger as unknown as { message: string }).message).toBe("FriendRequest not found");
    expect((unknown as unknown as { message: string }).message).toBe("FriendRequest not found");
  });

  test("second reaction is 409", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const request = await send(alice, bob);
    await answer(bob, request.id, true);

    const again = await answer(bob, request.id, true, 409);
    const changeOfMind = await answer(bob, request.id, false, 409);

    expect((again as unknown as { message: string }).message).toBe("Friend request not pending");
    expect((changeOfMind as unknown as { message: string }).message).toBe("Friend request not pending");
    expect(await friendshipRows(alice, bob)).toHaveLength(1);
  });
});

describe("GET /api/friend_requests", () => {
  test("lists received and sent requests newest first", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    const dave = await createTestUser(t);
    const toBob = await send(alice, bob);
    t.clock.advance(1000);
    const toCarol = await send(alice, carol);
    t.clock.advance(1000);
    const fromDave = await send(dave, alice);
    await answer(carol, toCarol.id, false);

    const lists = await expectResponse<{ received: FriendRequestJson[]; sent: FriendRequestJson[] }>(
      await t.request("GET", "/api/friend_requests", { cookie: alice.cookie }),
      200,
    );

    expect(lists.sent.map((request) => [request.id, request.state])).toEqual([
      [toCarol.id, "rejected"],
      [toBob.id, "pending"],
    ]);
    expect(lists.received).toEqual([fromDave]);
    expect(JSON.stringify(lists)).not.toContain("@");
  });
});

describe("anonymous caller", () => {
  test("gets 401 from every friend request route", async () => {
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/friend_requests"],
      ["POST", "/api/friend_requests", { receiverId: "someone" }],
      ["DELETE", "/api/friend_requests/some-request"],
      ["PATCH", "/api/friend_requests/some-request", { accept: true }],
      ["GET", "/api/friends"],
      ["DELETE", "/api/friends/some-user"],
    ];
    for (const [method, path, body] of calls) {
      const response = await expectResponse(await t.request(method, path, { body }), 401);
      expect(response.message).toBe("Authentication required");
    }
  });
});
