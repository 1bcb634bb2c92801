import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { createThingAs, expectStatus, insertList, shareDirectly } from "../things/thing-fixtures.ts";
import type { AudienceMember } from "./audience-page.ts";

interface AudienceBody {
  users: AudienceMember[];
  totalCount: number;
  page: number;
  perPage: number;
}

let t: TestApp;
// Friendships: owner - friend - friendOfFriend. The tests share objects with shareTarget directly.
let users: Record<"owner" | "friend" | "friendOfFriend" | "shareTarget" | "stranger", TestUser>;

beforeAll(async () => {
  t = await createTestApp();
  users = {
    owner: await createTestUser(t, { name: "Owner" }),
    friend: await createTestUser(t, { name: "Friend" }),
    friendOfFriend: await createTestUser(t, { name: "Friend of friend" }),
    shareTarget: await createTestUser(t, { name: "Share target" }),
    stranger: await createTestUser(t, { name: "Stranger" }),
  };
  await makeFriends(t, users.owner, users.friend);
  await makeFriends(t, users.friend, users.friendOfFriend);
});

async function audience(path: string, viewer: TestUser | undefined, query = ""): Promise<Response> {
  return t.request("GET", `${path}/audience${query}`, { cookie: viewer?.cookie });
}

function reasonsById(body: AudienceBody): Record<string, string[]> {
  return Object.fromEntries(body.users.map((member) => [member.user.id, member.reasons]));
}

/** Everyone in the audience can GET the object; everyone else of `users` gets a 404. */
async function expectAudienceMatchesReads(path: string, body: AudienceBody): Promise<void> {
  const audienceIds = new Set(body.users.map((member) => member.user.id));
  for (const user of Object.values(users)) {
    if (user === users.owner) continue;
    const response = await t.request("GET", path, { cookie: user.cookie });
    expect({ user: user.name, status: response.status }).toEqual({ user: user.name, status: audienceIds.has(user.id) ? 200 : 404 });
  }
}

describe("GET /api/things/:id/audience", () => {
  test("names each viewer with reasons", async () => {
    const thing = await createThingAs(t, users.owner, { sharingState: "friends-of-friends" });
    await shareDirectly(t, users.owner, users.shareTarget, { thingId: thing.id });
    const path = `/api/things/${thing.id}`;

    const body = await expectStatus<AudienceBody>(await audience(path, users.owner), 200);

    expect(reasonsById(body)).toEqual({
      [users.friend.id]: ["friend"],
      [users.friendOfFriend.id]: ["friend-of-friend"],
      [users.shareTarget.id]: ["direct-share"],
    });
    expect(body.totalCount).toBe(3);
    await expectAudienceMatchesReads(path, body);
  });

  test("private thing in a friends list", async () => {
    const thing = await createThingAs(t, users.owner, { sharingState: "private" });
    const listId = await insertList(t, users.owner, "friends", [thing.id], "Workshop");
    const path = `/api/things/${thing.id}`;

    const body = await expectStatus<AudienceBody>(await audience(path, users.owner), 200);

    expect(body.users).toEqual([{ user: { id: users.friend.id, name: "Friend" }, reasons: ["list"], lists: [{ id: listId, name: "Workshop" }] }]);
    await expectAudienceMatchesReads(path, body);
  });

  test("a private thing has an empty audience", async () => {
    const thing = await createThingAs(t, users.owner, { sharingState: "private" });
    const body = await expectStatus<AudienceBody>(await audience(`/api/things/${thing.id}`, users.owner), 200);
    expect(body).toMatchObject({ users: [], totalCount: 0 });
  });

  test("pages through the audience ordered by name", async () => {
    const thing = await createThingAs(t, users.owner, { sharingState: "friends-of-friends" });
    const path = `/api/things/${thing.id}`;
    const first = await expectStatus<AudienceBody>(await audience(path, users.owner, "?perPage=1&page=0"), 200);
    const second = await expectStatus<AudienceBody>(await audience(path, users.owner, "?perPage=1&page=1"), 200);
    const beyond = await expectStatus<AudienceBody>(await audience(path, users.owner, "?perPage=1&page=5"), 200);
    expect(first.users.map((member) => member.user.name)).toEqual(["Friend"]);
    expect(second.users.map((member) => member.user.name)).toEqual(["Friend of friend"]);
    expect(beyond).toMatchObject({ users: [], totalCount: 2 });
    expect((await audience(path, users.owner, "?perPage=201")).status).toBe(400);
  });

  test("only the owner may ask", async () => {
    const thing = await createThingAs(t, users.owner, { sharingState: "friends" });
    const path = `/api/things/${thing.id}`;
    expect((await audience(path, users.friend)).status).toBe(403);
    expect((await audience(path, users.friendOfFriend)).status).toBe(404);
    expect((await audience(path, users.stranger)).status).toBe(404);
    expect((await audience(path, undefined)).status).toBe(401);
    expect((await audience("/api/things/doesnotexist000000000", users.owner)).status).toBe(404);
  });
});

describe("GET /api/lists/:id/audience", () => {
  test("names each viewer with reasons", async () => {
    const listId = await insertList(t, users.owner, "friends-of-friends");
    await shareDirectly(t, users.owner, users.shareTarget, { listId });
    const path = `/api/lists/${listId}`;

    const body = await expectStatus<AudienceBody>(await audience(path, users.owner), 200);

    expect(reasonsById(body)).toEqual({
      [users.friend.id]: ["friend"],
      [users.friendOfFriend.id]: ["friend-of-friend"],
      [users.shareTarget.id]: ["direct-share"],
    });
    await expectAudienceMatchesReads(path, body);
  });

  test("friends list leaves out friends of friends", async () => {
    const listId = await insertList(t, users.owner, "friends");
    const path = `/api/lists/${listId}`;
    const body = await expectStatus<AudienceBody>(await audience(path, users.owner), 200);
    expect(reasonsById(body)).toEqual({ [users.friend.id]: ["friend"] });
    await expectAudienceMatchesReads(path, body);
  });

  test("only the owner may ask", async () => {
    const listId = await insertList(t, users.owner, "friends");
    const path = `/api/lists/${listId}`;
    expect((await audience(path, users.friend)).status).toBe(403);
    expect((await audience(path, users.friendOfFriend)).status).toBe(404);
    expect((await audience(path, users.stranger)).status).toBe(404);
    expect((await audience(path, undefined)).status).toBe(401);
  });
});
