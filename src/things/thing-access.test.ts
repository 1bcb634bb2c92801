import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { createThingAs, expectStatus, insertImage, insertList, shareDirectly } from "./thing-fixtures.ts";
import type { SharingState, Thing } from "./thing-json.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

type Role = "owner" | "friend" | "friendOfFriend" | "stranger";

/** Four new users: the owner, a friend of the owner, a friend of that friend, and a stranger. */
async function createCircle(): Promise<Record<Role, TestUser>> {
  const circle = {
    owner: await createTestUser(t, { name: "Owner" }),
    friend: await createTestUser(t, { name: "Friend" }),
    friendOfFriend: await createTestUser(t, { name: "Friend of friend" }),
    stranger: await createTestUser(t, { name: "Stranger" }),
  };
  await makeFriends(t, circle.owner, circle.friend);
  await makeFriends(t, circle.friend, circle.friendOfFriend);
  return circle;
}

const audiences: Record<SharingState, Role[]> = {
  "private": ["owner"],
  "friends": ["owner", "friend"],
  "friends-of-friends": ["owner", "friend", "friendOfFriend"],
};
const roles: Role[] = ["owner", "friend", "friendOfFriend", "stranger"];

for (const state of Object.keys(audiences) as SharingState[]) {
  describe(`a thing shared with ${state}`, () => {
    let circle: Record<Role, TestUser>;
    let thing: Thing;

    beforeAll(async () => {
      circle = await createCircle();
      thing = await createThingAs(t, circle.owner, { name: "Ladder", privateNote: "owner only", sharingState: state });
    });

    for (const role of roles) {
      const sees = audiences[state].includes(role);
      const as = () => circle[role].cookie;

      test(`${role} ${sees ? "gets" : "gets 404 for"} GET /api/things/:id`, async () => {
        const response = await t.request("GET", `/api/things/${thing.id}`, { cookie: as() });
        if (!sees) {
          const error = await expectStatus<{ message: string }>(response, 404);
          expect(error.message).toBe("Thing not found");
          return;
        }
        const seen = await expectStatus<Thing>(response, 200);
        expect(seen.id).toBe(thing.id);
      });

      test(`${role} ${sees ? "finds" : "does not find"} it in the index and summary`, async () => {
        const page = await expectStatus<{ things: Thing[]; totalCount: number }>(
          await t.request("GET", `/api/things?filterOwnerId=${circle.owner.id}`, { cookie: as() }),
          200,
        );
        const summary = await expectStatus<{ ownerIds: string[]; totalCount: number }>(
          await t.request("GET", "/api/things/summary", { cookie: as() }),
          200,
        );

        expect(page.things.map((item) => item.id)).toEqual(sees ? [thing.id] : []);
        expect(summary.totalCount).toBe(sees ? 1 : 0);
        expect(summary.ownerIds).toEqual(sees ? [circle.owner.id] : []);
      });

      if (role === "owner") continue;
      const writeStatus = sees ? 403 : 404;

      test(`${role} gets ${writeStatus} for PATCH, DELETE and quantity changes`, async () => {
        const responses = [
          await t.request("PATCH", `/api/things/${thing.id}`, { cookie: as(), body: { name: "Mine now" } }),
          await t.request("DELETE", `/api/things/${thing.id}`, { cookie: as() }),
          await t.request("POST", `/api/things/${thing.id}/quantity`, { cookie: as(), body: { delta: 1 } }),
        ];

        for (const response of responses) {
          const error = await expectStatus<{ message: string }>(response, writeStatus);
          expect(error.message).toBe(sees ? "Entity does not belong to user" : "Thing not found");
        }
      });
    }

    test("anonymous callers get 401 from every endpoint", async () => {
      const responses = [
        await t.request("GET", "/api/things"),
        await t.request("GET", "/api/things/summary"),
        await t.request("GET", `/api/things/${thing.id}`),
        await t.request("PATCH", `/api/things/${thing.id}`, { body: { name: "x" } }),
        await t.request("DELETE", `/api/things/${thing.id}`),
        await t.request("POST", `/api/things/${thing.id}/quantity`, { body: { delta: 1 } }),
        await t.request("POST", "/api/things", { body: { name: "x" } }),
      ];

      for (const response of responses) {
        const error = await expectStatus<{ message: string }>(response, 401);
        expect(error.message).toBe("Authentication required");
      }
    });

    test("the owner can still change and delete it", async () => {
      const patched = await expectStatus<Thing>(
        await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { name: "Step ladder" } }),
        200,
      );
      expect(patched.name).toBe("Step ladder");

      await expectStatus(await t.request("DELETE", `/api/things/${thing.id}`, { cookie: circle.owner.cookie }), 204);
    });
  });
}

describe("what a non-owner sees", () => {
  test("no private note, sharing state, shares or actions", async () => {
    const circle = await createCircle();
    const image = await insertImage(t, circle.owner, "ladder.jpg");
    const thing = await createThingAs(t, circle.owner, {
      privateNote: "owner only",
      sharingState: "friends",
      imagesIds: [image],
      properties: [{ type: "string", name: "material", value: "aluminium" }],
      quantity: 4,
    });
    await shareDirectly(t, circle.owner, circle.stranger, { thingId: thing.id });

    const seen = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.friend.cookie }), 200);
    const own = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.owner.cookie }), 200);

    expect(seen.privateNote).toBeNull();
    expect(seen.sharingState).toBeNull();
    expect(seen.shares).toEqual([]);
    expect(seen.actions).toEqual({ canEdit: false, canDelete: false, canShare: false });
    expect(seen.images.map((item) => item.id)).toEqual([image]);
    expect(seen.properties).toEqual(own.properties);
    expect(seen.quantity).toBe(4);
    expect(own.privateNote).toBe("owner only");
    expect(own.shares).toEqual([
      { id: own.shares[0]!.id, owner: { id: circle.owner.id, name: "Owner" }, targetUser: { id: circle.stranger.id, name: "Stranger" } },
    ]);
  });

  test("only the lists the viewer may see", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends" });
    const sharedList = await insertList(t, circle.owner, "friends", [thing.id], "Garage");
    await insertList(t, circle.owner, "private", [thing.id], "Secret");

    const seen = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.friend.cookie }), 200);
    const own = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.owner.cookie }), 200);

    expect(seen.lists.map((list) => list.name)).toEqual(["Garage"]);
    expect(seen.lists[0]).toMatchObject({ id: sharedList, owner: { id: circle.owner.id, name: "Owner" }, actions: { canEdit: false, canDelete: false, canShare: false } });
    expect(own.lists.map((list) => list.name).sort()).toEqual(["Garage", "Secret"]);
    expect(own.lists[0]!.actions).toEqual({ canEdit: true, canDelete: true, canShare: true });
  });
});

describe("visibility through shares and lists", () => {
  test("a private thing in a list shared with friends is visible to friends only", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "private" });
    await insertList(t, circle.owner, "friends", [thing.id]);

    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.friend.cookie }), 200);
    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.friendOfFriend.cookie }), 404);
    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.stranger.cookie }), 404);
  });

  test("a private thing shared directly is visible to its target", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "private" });
    await shareDirectly(t, circle.owner, circle.stranger, { thingId: thing.id });

    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.stranger.cookie }), 200);
    await expectStatus(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.friend.cookie }), 404);
  });

  test("a private thing in a list shared directly is visible to the list's target", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "private" });
    const list = await insertList(t, circle.owner, "private", [thing.id]);
    await shareDirectly(t, circle.owner, circle.stranger, { listId: list });

    const seen = await expectStatus<Thing>(await t.request("GET", `/api/things/${thing.id}`, { cookie: circle.stranger.cookie }), 200);

    expect(seen.lists.map((item) => item.id)).toEqual([list]);
  });
});
