import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import type { FriendshipJson } from "./list-friends.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

async function friendIdsOf(user: TestUser): Promise<string[]> {
  const body = await expectResponse<{ friendShips: FriendshipJson[] }>(await t.request("GET", "/api/friends", { cookie: user.cookie }), 200);
  return body.friendShips.map((entry) => entry.friend.id).sort();
}

async function createThing(owner: TestUser, sharingState: "private" | "friends" | "friends-of-friends"): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into things (id, name, owner_id, sharing_state) values (${id}, ${`thing ${id}`}, ${owner.id}, ${sharingState})`);
  return id;
}

async function putInCart(user: TestUser, thingId: string): Promise<void> {
  await t.db.query(sql`insert into cart_entries (user_id, thing_id) values (${user.id}, ${thingId})`);
}

async function cartOf(user: TestUser): Promise<string[]> {
  const rows = await t.db.query<{ thing_id: string }>(sql`select thing_id from cart_entries where user_id = ${user.id} order by thing_id`);
  return rows.map((row) => row.thing_id);
}

describe("GET /api/friends", () => {
  test("lists the other user and the accepting request", async () => {
    const alice = await createTestUser(t, { name: "Alice" });
    const bob = await createTestUser(t, { name: "Bob" });
    const request = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: alice.cookie, body: { receiverId: bob.id } }), 201);
    await expectResponse(await t.request("PATCH", `/api/friend_requests/${request.id}`, { cookie: bob.cookie, body: { accept: true } }), 200);

    const ofAlice = await expectResponse(await t.request("GET", "/api/friends", { cookie: alice.cookie }), 200);
    const ofBob = await expectResponse(await t.request("GET", "/api/friends", { cookie: bob.cookie }), 200);

    expect(ofAlice.friendShips).toEqual([{ friend: { id: bob.id, name: "Bob" }, request: { ...request, state: "accepted" } }]);
    expect(ofBob.friendShips).toEqual([{ friend: { id: alice.id, name: "Alice" }, request: { ...request, state: "accepted" } }]);
  });
});

describe("DELETE /api/friends/:friendId", () => {
  test("ends exactly the named friendship", async () => {
    const me = await createTestUser(t);
    const first = await createTestUser(t);
    const middle = await createTestUser(t);
    const last = await createTestUser(t);
    await makeFriends(t, me, first);
    await makeFriends(t, middle, me);
    await makeFriends(t, me, last);

    await expectResponse(await t.request("DELETE", `/api/friends/${middle.id}`, { cookie: me.cookie }), 200);

    expect(await friendIdsOf(me)).toEqual([first.id, last.id].sort());
    expect(await friendIdsOf(middle)).toEqual([]);
  });

  test("works from either side of the stored row", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    await makeFriends(t, alice, bob);
    await makeFriends(t, carol, alice);

    await expectResponse(await t.request("DELETE", `/api/friends/${alice.id}`, { cookie: bob.cookie }), 200);
    await expectResponse(await t.request("DELETE", `/api/friends/${carol.id}`, { cookie: alice.cookie }), 200);

    expect(await friendIdsOf(alice)).toEqual([]);
  });

  test("not friends is 404 and changes nothing", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, alice, bob);

    const body = await expectResponse(await t.request("DELETE", `/api/friends/${stranger.id}`, { cookie: alice.cookie }), 404);
    const unknown = await expectResponse(await t.request("DELETE", "/api/friends/no-such-user-000000000", { cookie: alice.cookie }), 404);

    expect(body.message).toBe("Friend not found");
    expect(unknown.message).toBe("Friend not found");
    expect(await friendIdsOf(alice)).toEqual([bob.id]);
  });

  test("former friends may send a new request at once", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await makeFriends(t, alice, bob);
    await expectResponse(await t.request("DELETE", `/api/friends/${bob.id}`, { cookie: alice.cookie }), 200);

    const again = await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: bob.cookie, body: { receiverId: alice.id } }), 201);

    expect(again.state).toBe("pending");
  });
});

describe("carts after unfriending", () => {
  test("lose the former friend's things both ways", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await makeFriends(t, alice, bob);
    const bobsForFriends = await createThing(bob, "friends");
    const bobsForFriendsOfFriends = await createThing(bob, "friends-of-friends");
    const alicesForFriends = await createThing(alice, "friends");
    const alicesOwn = await createThing(alice, "private");
    await putInCart(alice, bobsForFriends);
    await putInCart(alice, bobsForFriendsOfFriends);
    await putInCart(alice, alicesOwn);
    await putInCart(bob, alicesForFriends);

    await expectResponse(await t.request("DELETE", `/api/friends/${bob.id}`, { cookie: alice.cookie }), 200);

    expect(await cartOf(alice)).toEqual([alicesOwn]);
    expect(await cartOf(bob)).toEqual([]);
  });

  test("keep what stays visible another way", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    await makeFriends(t, alice, bob);
    await makeFriends(t, alice, carol);
    await makeFriends(t, carol, bob);
    const sharedDirectly = await createThing(bob, "private");
    await t.db.query(sql`insert into shares (id, owner_id, target_user_id, thing_id) values (${newId()}, ${bob.id}, ${alice.id}, ${sharedDirectly})`);
    const viaCommonFriend = await createThing(bob, "friends-of-friends");
    const friendsOnly = await createThing(bob, "friends");
    const listId = newId();
    const inSharedList = await createThing(bob, "private");
    await t.db.query(sql`insert into lists (id, name, owner_id) values (${listId}, 'list', ${bob.id})`);
    await t.db.query(sql`insert into lists_things (list_id, thing_id) values (${listId}, ${inSharedList})`);
    await t.db.query(sql`insert into shares (id, owner_id, target_user_id, list_id) values (${newId()}, ${bob.id}, ${alice.id}, ${listId})`);
    for (const thingId of [sharedDirectly, viaCommonFriend, friendsOnly, inSharedList]) await putInCart(alice, thingId);

    await expectResponse(await t.request("DELETE", `/api/friends/${bob.id}`, { cookie: alice.cookie }), 200);

    expect(await cartOf(alice)).toEqual([sharedDirectly, viaCommonFriend, inSharedList].sort());
    const shares = await t.db.query(sql`select 1 from shares where owner_id = ${bob.id} and target_user_id = ${alice.id}`);
    expect(shares).toHaveLength(2);
  });

  test("of other users stay as they were", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const carol = await createTestUser(t);
    await makeFriends(t, alice, bob);
    await makeFriends(t, carol, bob);
    const bobsThing = await createThing(bob, "friends");
    await putInCart(carol, bobsThing);

    await expectResponse(await t.request("DELETE", `/api/friends/${bob.id}`, { cookie: alice.cookie }), 200);

    expect(await cartOf(carol)).toEqual([bobsThing]);
  });
});
