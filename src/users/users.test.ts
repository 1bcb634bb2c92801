import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { profileVisible, visibilityCtes } from "../shares/visibility.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import type { DirectoryEntryJson } from "./directory-entry.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

interface DirectoryPage {
  users: DirectoryEntryJson[];
  page: number;
  perPage: number;
  totalCount: number;
  totalPageCount: number;
}

/** A word no other test's user has in its name, so searches see only this test's users. */
function uniqueWord(): string {
  return `w${newId().replace(/[^A-Za-z0-9]/g, "").slice(0, 10).toLowerCase()}`;
}

async function giveProfile(user: TestUser): Promise<string> {
  const imageId = newId();
  await t.db.query(sql`
    insert into images (id, name, mime, hash, owner_id, width, height)
    values (${imageId}, 'me.jpg', 'image/jpeg', ${`hash-${imageId}`}, ${user.id}, 640, 480)`);
  await t.db.query(sql`
    insert into profiles (id, full_name, information, image_id, user_id)
    values (${newId()}, ${`${user.name} Fullname`}, 'likes tools', ${imageId}, ${user.id})`);
  return imageId;
}

async function directory(viewer: TestUser, query: string, status = 200): Promise<DirectoryPage> {
  return expectResponse(await t.request("GET", `/api/users?${query}`, { cookie: viewer.cookie }), status);
}

async function entryFor(viewer: TestUser, user: TestUser): Promise<DirectoryEntryJson> {
  return expectResponse(await t.request("GET", `/api/users/${user.id}`, { cookie: viewer.cookie }), 200);
}

describe("profile cards by relation", () => {
  test("stranger sees only id and name", async () => {
    const viewer = await createTestUser(t);
    const stranger = await createTestUser(t);
    await giveProfile(stranger);

    const entry = await entryFor(viewer, stranger);

    expect(entry).toEqual({ id: stranger.id, name: stranger.name, fullName: null, information: null, image: null, relation: "none" });
  });

  test("self, friend and friend of a friend see the full card", async () => {
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    const friendOfFriend = await createTestUser(t);
    await makeFriends(t, viewer, friend);
    await makeFriends(t, friendOfFriend, friend);
    const imageIds = new Map<string, string>();
    for (const user of [viewer, friend, friendOfFriend]) imageIds.set(user.id, await giveProfile(user));

    const cases: [TestUser, string][] = [
      [viewer, "self"],
      [friend, "friend"],
      [friendOfFriend, "friend-of-friend"],
    ];
    for (const [user, relation] of cases) {
      const entry = await entryFor(viewer, user);
      expect(entry).toMatchObject({ id: user.id, relation, fullName: `${user.name} Fullname`, information: "likes tools" });
      expect(entry.image).toMatchObject({
        id: imageIds.get(user.id),
        name: "me.jpg",
        mime: "image/jpeg",
        owner: { id: user.id, name: user.name },
        width: 640,
        height: 480,
      });
    }
  });

  test("both sides of a pending request see the full card", async () => {
    const sender = await createTestUser(t);
    const receiver = await createTestUser(t);
    await giveProfile(sender);
    await giveProfile(receiver);
    await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: sender.cookie, body: { receiverId: receiver.id } }), 201);

    const seenBySender = await entryFor(sender, receiver);
    const seenByReceiver = await entryFor(receiver, sender);

    expect(seenBySender).toMatchObject({ relation: "request-sent", fullName: `${receiver.name} Fullname` });
    expect(seenByReceiver).toMatchObject({ relation: "request-received", fullName: `${sender.name} Fullname` });
  });

  test("user without a profile has null card fields", async () => {
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    await makeFriends(t, viewer, friend);

    const entry = await entryFor(viewer, friend);

    expect(entry).toEqual({ id: friend.id, name: friend.name, fullName: null, information: null, image: null, relation: "friend" });
  });

  test("unknown user is 404", async () => {
    const viewer = await createTestUser(t);

    const body = await expectResponse(await t.request("GET", "/api/users/no-such-user-000000000", { cookie: viewer.cookie }), 404);

    expect(body.message).toBe("user not found");
  });
});

describe("full card rule", () => {
  test("agrees with profileVisible for every relation", async () => {
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    const friendOfFriend = await createTestUser(t);
    const sentTo = await createTestUser(t);
    const receivedFrom = await createTestUser(t);
    const stranger = await createTestUser(t);
    const strangersFriend = await createTestUser(t);
    await makeFriends(t, viewer, friend);
    await makeFriends(t, friend, friendOfFriend);
    await makeFriends(t, stranger, strangersFriend);
    await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: viewer.cookie, body: { receiverId: sentTo.id } }), 201);
    await expectResponse(await t.request("POST", "/api/friend_requests", { cookie: receivedFrom.cookie, body: { receiverId: viewer.id } }), 201);
    const everyone = [viewer, friend, friendOfFriend, sentTo, receivedFrom, stranger, strangersFriend];

    const page = await directory(viewer, `ids=${everyone.map((user) => user.id).join(",")}`);
    const rule = await t.db.query<{ id: string; visible: boolean }>(sql`
      with ${visibilityCtes(viewer.id)}
      select u.id, ${profileVisible(viewer.id, "u.id")} as visible
      from unnest(${everyone.map((user) => user.id)}::text[]) as u (id)`);

    const visibleByRule = new Map(rule.map((row) => [row.id, row.visible]));
    for (const entry of page.users) {
      expect({ id: entry.id, relation: entry.relation, visible: entry.relation !== "none" }).toEqual({
        id: entry.id,
        relation: entry.relation,
        visible: visibleByRule.get(entry.id)!,
      });
    }
    expect(page.users.map((user) => user.relation)).toEqual([
      "self",
      "friend",
      "friend-of-friend",
      "request-sent",
      "request-received",
      "none",
      "none",
    ]);
  });
});

describe("GET /api/users search", () => {
  test("matches part of a name ignoring case and accents", async () => {
    const word = uniqueWord();
    const viewer = await createTestUser(t);
    const zoe = await createTestUser(t, { name: `Zoë Ångström ${word}` });
    await createTestUser(t, { name: `Someone Else ${word}x` });

    const page = await directory(viewer, `q=${encodeURIComponent(`ZOE ANGSTROM ${word.toUpperCase()}`)}`);

    expect(page.users.map((user) => user.id)).toEqual([zoe.id]);
    expect(page.totalCount).toBe(1);
  });

  test("treats LIKE wildcards literally", async () => {
    const word = uniqueWord();
    const viewer = await createTestUser(t);
    await createTestUser(t, { name: `Percent ${word}` });

    const page = await directory(viewer, `q=${encodeURIComponent(`${word}%`)}`);
    const underscore = await directory(viewer, `q=${encodeURIComponent(`${word.slice(0, -1)}_`)}`);

    expect(page.users).toEqual([]);
    expect(underscore.users).toEqual([]);
  });

  test("finds an exact e-mail address without showing it", async () => {
    const viewer = await createTestUser(t);
    const invitee = await createTestUser(t);

    const page = await directory(viewer, `q=${encodeURIComponent(invitee.email.toUpperCase())}`);
    const partial = await directory(viewer, `q=${encodeURIComponent(invitee.email.slice(0, -3))}`);

    expect(page.users).toEqual([{ id: invitee.id, name: invitee.name, fullName: null, information: null, image: null, relation: "none" }]);
    expect(JSON.stringify(page)).not.toContain("@");
    expect(partial.users).toEqual([]);
  });

  test("never returns e-mail addresses", async () => {
    const word = uniqueWord();
    const viewer = await createTestUser(t, { name: `Viewer ${word}` });
    const friend = await createTestUser(t, { name: `Friend ${word}` });
    await makeFriends(t, viewer, friend);
    await giveProfile(friend);

    const page = await directory(viewer, `q=${word}`);

    expect(page.users).toHaveLength(2);
    expect(JSON.stringify(page)).not.toContain("@");
  });

  test("leaves out accounts scheduled for deletion", async () => {
    const word = uniqueWord();
    const viewer = await createTestUser(t);
    const leaving = await createTestUser(t, { name: `Leaving ${word}` });
    await t.db.query(sql`update users set purge_at = now() + interval '30 days' where id = ${leaving.id}`);

    const page = await directory(viewer, `q=${word}`);
    const byId = await entryFor(viewer, leaving);

    expect(page.users).toEqual([]);
    expect(byId.id).toBe(leaving.id);
  });

  test("pages by name with the original's envelope", async () => {
    const word = uniqueWord();
    const viewer = await createTestUser(t);
    const carol = await createTestUser(t, { name: `carol ${word}` });
    const alice = await createTestUser(t, { name: `Alice ${word}` });
    const bob = await createTestUser(t, { name: `Bob ${word}` });

    const first = await directory(viewer, `q=${word}&perPage=2`);
    const second = await directory(viewer, `q=${word}&perPage=2&page=1`);
    const beyond = await directory(viewer, `q=${word}&perPage=2&page=5`);

    expect(first).toMatchObject({ page: 0, perPage: 2, totalCount: 3, totalPageCount: 2 });
    expect(first.users.map((user) => user.id)).toEqual([alice.id, bob.id]);
    expect(second.users.map((user) => user.id)).toEqual([carol.id]);
    expect(beyond).toMatchObject({ users: [], page: 5, totalCount: 3 });
  });

  test("rejects a one-character query", async () => {
    const viewer = await createTestUser(t);

    const body = await expectResponse(await t.request("GET", "/api/users?q=a", { cookie: viewer.cookie }), 400);

    expect(body).toMatchObject({ field: "q", message: "q: must be at least 2 characters" });
  });

  test("without a query lists users page by page", async () => {
    const viewer = await createTestUser(t);

    const page = await directory(viewer, "perPage=5");

    expect(page.users).toHaveLength(5);
    expect(page.totalCount).toBeGreaterThanOrEqual(5);
  });
});

describe("GET /api/users?ids=", () => {
  test("returns the users in the order asked", async () => {
    const viewer = await createTestUser(t);
    const friend = await createTestUser(t);
    const stranger = await createTestUser(t);
    await makeFriends(t, viewer, friend);
    await giveProfile(friend);
    await giveProfile(stranger);

    const page = await directory(viewer, `ids=${stranger.id},no-such-user-000000000,${friend.id},${stranger.id}`);

    expect(page.users.map((user) => [user.id, user.relation, user.fullName])).toEqual([
      [stranger.id, "none", null],
      [friend.id, "friend", `${friend.name} Fullname`],
    ]);
    expect(page.totalCount).toBe(2);
  });

  test("accepts repeated keys", async () => {
    const viewer = await createTestUser(t);
    const first = await createTestUser(t);
    const second = await createTestUser(t);

    const page = await directory(viewer, `ids=${first.id}&ids=${second.id}`);

    expect(page.users.map((user) => user.id)).toEqual([first.id, second.id]);
  });

  test("rejects more than 100 ids", async () => {
    const viewer = await createTestUser(t);
    const ids = Array.from({ length: 101 }, (_, index) => `user-${index}`).join(",");

    const body = await expectResponse(await t.request("GET", `/api/users?ids=${ids}`, { cookie: viewer.cookie }), 400);

    expect(body).toMatchObject({ field: "ids", message: "ids: must name at most 100 user ids" });
  });

  test("rejects ids combined with q", async () => {
    const viewer = await createTestUser(t);

    const body = await expectResponse(await t.request("GET", `/api/users?ids=${viewer.id}&q=ab`, { cookie: viewer.cookie }), 400);

    expect(body.field).toBe("ids");
  });
});

describe("anonymous caller", () => {
  test("gets 401 from the users directory", async () => {
    for (const path of ["/api/users", "/api/users?q=ab", "/api/users?ids=a,b", "/api/users/someone"]) {
      const body = await expectResponse(await t.request("GET", path), 401);
      expect(body.message).toBe("Authentication required");
    }
  });
});
