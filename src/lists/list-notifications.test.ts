import { beforeEach, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { createListThroughApi, insertShare, insertThing, notificationsOf } from "./list-test-factories.ts";

let t: TestApp;
let owner: TestUser;
let friendA: TestUser;
let friendB: TestUser;
let friendOfFriend: TestUser;
let shareTarget: TestUser;
let stranger: TestUser;

// The owner has two friends who are also friends of each other, and both are friends of one
// more user, so that user is reachable through two common friends and must still be notified
// once. The owner is a friend of their own friends and must never be notified.
beforeEach(async () => {
  t ??= await createTestApp();
  owner = await createTestUser(t);
  friendA = await createTestUser(t);
  friendB = await createTestUser(t);
  friendOfFriend = await createTestUser(t);
  shareTarget = await createTestUser(t);
  stranger = await createTestUser(t);
  await makeFriends(t, owner, friendA);
  await makeFriends(t, owner, friendB);
  await makeFriends(t, friendA, friendB);
  await makeFriends(t, friendA, friendOfFriend);
  await makeFriends(t, friendOfFriend, friendB);
});

async function kindsOf(user: TestUser): Promise<string[]> {
  return (await notificationsOf(t, user)).map((notification) => notification.content_type);
}

async function patch(listId: string, body: unknown): Promise<void> {
  const response = await t.request("PATCH", `/api/lists/${listId}`, { cookie: owner.cookie, body });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe("LIST_SHARED", () => {
  test("friends list created: friends only, once", async () => {
    const listId = await createListThroughApi(t, owner, { sharingState: "friends" });
    expect(await notificationsOf(t, friendA)).toEqual([{ content_type: "LIST_SHARED", content: { listId, sharerId: owner.id } }]);
    expect(await kindsOf(friendB)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual([]);
    expect(await kindsOf(owner)).toEqual([]);
    expect(await kindsOf(stranger)).toEqual([]);
  });

  test("friends-of-friends list created: each reached user once", async () => {
    await createListThroughApi(t, owner, { sharingState: "friends-of-friends" });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendB)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(owner)).toEqual([]);
    expect(await kindsOf(stranger)).toEqual([]);
  });

  test("private list created: nobody", async () => {
    await createListThroughApi(t, owner, { sharingState: "private" });
    expect(await kindsOf(friendA)).toEqual([]);
    expect(await kindsOf(owner)).toEqual([]);
  });

  test("widening reaches only the new audience", async () => {
    const listId = await createListThroughApi(t, owner, { sharingState: "private" });
    await insertShare(t, owner, shareTarget, { listId });
    await insertShare(t, owner, friendOfFriend, { listId });

    await patch(listId, { sharingState: "friends" });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual([]);
    expect(await kindsOf(shareTarget)).toEqual([]);

    await patch(listId, { sharingState: "friends-of-friends" });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual([]);
    expect(await kindsOf(owner)).toEqual([]);
  });

  test("friends to friends-of-friends tells only friends of friends", async () => {
    const listId = await createListThroughApi(t, owner, { sharingState: "friends" });
    await patch(listId, { sharingState: "friends-of-friends" });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual(["LIST_SHARED"]);
  });

  test("narrowing or keeping the state tells nobody", async () => {
    const listId = await createListThroughApi(t, owner, { sharingState: "friends-of-friends" });
    await patch(listId, { sharingState: "friends-of-friends", name: "Renamed" });
    await patch(listId, { sharingState: "friends" });
    await patch(listId, { sharingState: "private" });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendOfFriend)).toEqual(["LIST_SHARED"]);
  });
});

describe("THINGS_ADDED_TO_LIST", () => {
  test("new members tell the audience once, never the owner", async () => {
    const [first, second] = [await insertThing(t, owner), await insertThing(t, owner)];
    const listId = await createListThroughApi(t, owner, { sharingState: "friends", thingIds: [first] });
    await insertShare(t, owner, shareTarget, { listId });

    await patch(listId, { thingIds: [first, second, second] });
    expect(await notificationsOf(t, friendA)).toEqual([
      { content_type: "LIST_SHARED", content: { listId, sharerId: owner.id } },
      { content_type: "THINGS_ADDED_TO_LIST", content: { listId, addedById: owner.id } },
    ]);
    expect(await kindsOf(shareTarget)).toEqual(["THINGS_ADDED_TO_LIST"]);
    expect(await kindsOf(friendOfFriend)).toEqual([]);
    expect(await kindsOf(owner)).toEqual([]);
  });

  test("unchanged or shrinking membership tells nobody", async () => {
    const [first, second] = [await insertThing(t, owner), await insertThing(t, owner)];
    const listId = await createListThroughApi(t, owner, { sharingState: "friends", thingIds: [first, second] });
    await patch(listId, { thingIds: [second, first] });
    await patch(listId, { thingIds: [first] });
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED"]);
  });

  test("newly reached users get LIST_SHARED instead", async () => {
    const [first, second] = [await insertThing(t, owner), await insertThing(t, owner)];
    const listId = await createListThroughApi(t, owner, { sharingState: "friends", thingIds: [first] });
    await patch(listId, { sharingState: "friends-of-friends", thingIds: [first, second] });
    expect(await kindsOf(friendOfFriend)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED", "THINGS_ADDED_TO_LIST"]);
  });

  test("users who lose the list are not told", async () => {
    const [first, second] = [await insertThing(t, owner), await insertThing(t, owner)];
    const listId = await createListThroughApi(t, owner, { sharingState: "friends-of-friends", thingIds: [first] });
    await patch(listId, { sharingState: "friends", thingIds: [first, second] });
    expect(await kindsOf(friendOfFriend)).toEqual(["LIST_SHARED"]);
    expect(await kindsOf(friendA)).toEqual(["LIST_SHARED", "THINGS_ADDED_TO_LIST"]);
  });

  test("e-mails are queued with the notifications", async () => {
    const thing = await insertThing(t, owner);
    const listId = await createListThroughApi(t, owner, { name: "Garage", sharingState: "friends" });
    await t.request("POST", `/api/lists/${listId}/things/${thing}`, { cookie: owner.cookie });
    const mails = await t.db.query<{ subject: string; body: string }>(sql`
      select subject, body from mail_outbox where recipient_user_id = ${friendA.id} order by id`);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toContain("A list has been shared with you");
    expect(mails[0]!.body).toContain('"Garage"');
    expect(mails[1]!.subject).toContain(`${owner.name} added things to a list`);
    const toOwner = await t.db.query(sql`select 1 from mail_outbox where recipient_user_id = ${owner.id}`);
    expect(toOwner).toEqual([]);
  });

  test("adding one thing tells the audience, adding it again does not", async () => {
    const thing = await insertThing(t, owner);
    const listId = await createListThroughApi(t, owner, { sharingState: "friends" });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await t.request("POST", `/api/lists/${listId}/things/${thing}`, { cookie: owner.cookie });
      expect(response.status).toBe(204);
    }
    expect(await kindsOf(friendB)).toEqual(["LIST_SHARED", "THINGS_ADDED_TO_LIST"]);
    expect(await kindsOf(owner)).toEqual([]);
  });
});
