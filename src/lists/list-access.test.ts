import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import type { SharingState } from "./list-input.ts";
import { createListThroughApi, insertShare, insertThing } from "./list-test-factories.ts";

let t: TestApp;
let owner: TestUser;
let friend: TestUser;
let friendOfFriend: TestUser;
let stranger: TestUser;
let shareTarget: TestUser;
const lists: Partial<Record<SharingState, string>> = {};
let privateThing: string;

const states: SharingState[] = ["private", "friends", "friends-of-friends"];
const roles = ["owner", "friend", "friendOfFriend", "stranger", "shareTarget"] as const;
type Role = (typeof roles)[number];

const expectedVisible: Record<Role, Record<SharingState, boolean>> = {
  owner: { "private": true, "friends": true, "friends-of-friends": true },
  friend: { "private": false, "friends": true, "friends-of-friends": true },
  friendOfFriend: { "private": false, "friends": false, "friends-of-friends": true },
  stranger: { "private": false, "friends": false, "friends-of-friends": false },
  shareTarget: { "private": true, "friends": true, "friends-of-friends": true },
};

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t, { name: "Owner" });
  friend = await createTestUser(t, { name: "Friend" });
  friendOfFriend = await createTestUser(t, { name: "Friend of friend" });
  stranger = await createTestUser(t, { name: "Stranger" });
  shareTarget = await createTestUser(t, { name: "Share target" });
  await makeFriends(t, owner, friend);
  await makeFriends(t, friend, friendOfFriend);

  privateThing = await insertThing(t, owner, { name: "Private drill", privateNote: "the owner's secret" });
  for (const state of states) {
    lists[state] = await createListThroughApi(t, owner, { name: `List ${state}`, thingIds: [privateThing], sharingState: state });
    await insertShare(t, owner, shareTarget, { listId: lists[state] });
  }
});

function user(role: Role): TestUser {
  return { owner, friend, friendOfFriend, stranger, shareTarget }[role];
}

describe("list visibility by role and sharing state", () => {
  for (const role of roles) {
    for (const state of states) {
      const visible = expectedVisible[role][state];
      test(`${role} ${visible ? "sees" : "does not see"} a ${state} list`, async () => {
        const listId = lists[state]!;
        const response = await t.request("GET", `/api/lists/${listId}`, { cookie: user(role).cookie });
        expect(response.status).toBe(visible ? 200 : 404);

        const index = await t.request("GET", `/api/lists?filterOwnerId=${owner.id}&paginate=false`, { cookie: user(role).cookie });
        const indexIds = ((await index.json()) as { lists: { id: string }[] }).lists.map((list) => list.id);
        expect(indexIds.includes(listId)).toBe(visible);
      });
    }
  }

  test("anonymous gets 401 for the index, a list and its things", async () => {
    expect((await t.request("GET", "/api/lists")).status).toBe(401);
    expect((await t.request("GET", `/api/lists/${lists.friends}`)).status).toBe(401);
    expect((await t.request("GET", `/api/lists/${lists.friends}/things`)).status).toBe(401);
  });
});

describe("what a non-owner sees of a list", () => {
  test("owner-only fields are empty and actions false", async () => {
    const response = await t.request("GET", `/api/lists/${lists.friends}`, { cookie: friend.cookie });
    const body = (await response.json()) as Record<string, any>;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.sharingState).toBeNull();
    expect(body.shares).toEqual([]);
    expect(body.actions).toEqual({ canEdit: false, canDelete: false, canShare: false });
    expect(body.things[0].privateNote).toBeNull();
  });

  test("owner sees the direct shares", async () => {
    const response = await t.request("GET", `/api/lists/${lists.private}`, { cookie: owner.cookie });
    const body = (await response.json()) as Record<string, any>;
    expect(body.shares).toHaveLength(1);
    expect(body.shares[0].targetUser).toEqual({ id: shareTarget.id, name: shareTarget.name });
    expect(body.things[0].privateNote).toBe("the owner's secret");
  });

  test("private thing in a friends list is visible to friends", async () => {
    const response = await t.request("GET", `/api/lists/${lists.friends}`, { cookie: friend.cookie });
    const body = (await response.json()) as { things: { id: string }[] };
    expect(body.things.map((thing) => thing.id)).toEqual([privateThing]);

    const visibleTo = async (viewer: TestUser) => {
      const rows = await t.db.query<{ visible: boolean }>(sql`
        with ${visibilityCtes(viewer.id)}
        select ${thingVisible(viewer.id, "t")} as visible from things t where t.id = ${privateThing}`);
      return rows[0]?.visible;
    };
    expect(await visibleTo(friend)).toBe(true);
    expect(await visibleTo(stranger)).toBe(false);
  });

  test("a hidden direct share no longer shows the list", async () => {
    const target = await createTestUser(t);
    const listId = await createListThroughApi(t, owner, { name: "Hidden later" });
    await insertShare(t, owner, target, { listId });
    expect((await t.request("GET", `/api/lists/${listId}`, { cookie: target.cookie })).status).toBe(200);
    await t.db.query(sql`update shares set hidden_at = now() where list_id = ${listId} and target_user_id = ${target.id}`);
    expect((await t.request("GET", `/api/lists/${listId}`, { cookie: target.cookie })).status).toBe(404);
  });
});
