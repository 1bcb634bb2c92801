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
  await t.db.query(sql`insert into things (id, name, owner_id, sharing_state) values (${id}, 'Drill', ${owner.id}, ${sharingState}::sharing_state)`);
  return id;
}

interface Cart {
  entries: { thingId: string; ownerId: string; createdAt: string; thing: Record<string, unknown> }[];
}

async function cartOf(user: TestUser): Promise<Cart> {
  const response = await t.request("GET", "/api/cart", { cookie: user.cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as Cart;
}

/** Owner, friend, friend of a friend and stranger around one owner. */
async function circle() {
  const owner = await createTestUser(t);
  const friend = await createTestUser(t);
  const friendOfFriend = await createTestUser(t);
  const stranger = await createTestUser(t);
  await makeFriends(t, owner, friend);
  await makeFriends(t, friend, friendOfFriend);
  return { owner, friend, friendOfFriend, stranger };
}

describe("cart access by sharing state", () => {
  const expectations: Record<string, Record<string, number>> = {
    private: { owner: 200, friend: 404, friendOfFriend: 404, stranger: 404 },
    friends: { owner: 200, friend: 200, friendOfFriend: 404, stranger: 404 },
    "friends-of-friends": { owner: 200, friend: 200, friendOfFriend: 200, stranger: 404 },
  };
  for (const [state, byRole] of Object.entries(expectations)) {
    test(`adding a ${state} thing`, async () => {
      const people = await circle();
      const thingId = await insertThing(people.owner, state);
      for (const [role, status] of Object.entries(byRole)) {
        const user = people[role as keyof typeof people];
        const response = await t.request("POST", `/api/cart/items/${thingId}`, { cookie: user.cookie });
        expect({ role, status: response.status }).toEqual({ role, status });
      }
      expect((await t.request("POST", `/api/cart/items/${thingId}`)).status).toBe(401);
    });
  }
});

describe("cart contents", () => {
  test("add, add again, remove", async () => {
    const { owner, friend } = await circle();
    const thingId = await insertThing(owner, "friends");
    await t.request("POST", `/api/cart/items/${thingId}`, { cookie: friend.cookie });
    const first = (await cartOf(friend)).entries[0]?.createdAt;
    await t.request("POST", `/api/cart/items/${thingId}`, { cookie: friend.cookie });
    const cart = await cartOf(friend);
    expect(cart.entries).toHaveLength(1);
    expect(cart.entries[0]).toMatchObject({ thingId, ownerId: owner.id, createdAt: first });
    expect(cart.entries[0]?.thing).toEqual({ id: thingId, name: "Drill", owner: { id: owner.id, name: owner.name }, quantity: 0, quantityUnit: "pcs", image: null });

    const removed = await t.request("DELETE", `/api/cart/items/${thingId}`, { cookie: friend.cookie });
    expect(((await removed.json()) as Cart).entries).toEqual([]);
  });

  test("PUT replaces the cart, collapses duplicates and keeps old times", async () => {
    const { owner, friend } = await circle();
    const keep = await insertThing(owner, "friends");
    const drop = await insertThing(owner, "friends");
    const add = await insertThing(owner, "friends");
    await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: [keep, drop] } });
    const keptTime = (await cartOf(friend)).entries.find((entry) => entry.thingId === keep)?.createdAt;

    const response = await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: [keep, add, add] } });
    expect(response.status).toBe(200);
    const cart = (await response.json()) as Cart;
    expect(cart.entries.map((entry) => entry.thingId).sort()).toEqual([keep, add].sort());
    expect(cart.entries.find((entry) => entry.thingId === keep)?.createdAt).toBe(keptTime as string);
  });

  test("PUT with one invisible id changes nothing", async () => {
    const { owner, friend, stranger } = await circle();
    const visible = await insertThing(owner, "friends");
    const hidden = await insertThing(stranger);
    await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: [visible] } });
    const response = await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: [hidden] } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain(hidden);
    expect((await cartOf(friend)).entries.map((entry) => entry.thingId)).toEqual([visible]);
  });

  test("PUT with null or no ids empties the cart", async () => {
    const { owner, friend } = await circle();
    const thingId = await insertThing(owner, "friends");
    await t.request("POST", `/api/cart/items/${thingId}`, { cookie: friend.cookie });
    await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: null } });
    expect((await cartOf(friend)).entries).toEqual([]);
  });

  test("two tabs adding at once keep both entries", async () => {
    const { owner, friend } = await circle();
    const first = await insertThing(owner, "friends");
    const second = await insertThing(owner, "friends");
    await Promise.all([
      t.request("POST", `/api/cart/items/${first}`, { cookie: friend.cookie }),
      t.request("POST", `/api/cart/items/${second}`, { cookie: friend.cookie }),
    ]);
    expect((await cartOf(friend)).entries).toHaveLength(2);
  });

  test("entries vanish once the thing is no longer visible", async () => {
    const { owner, friend } = await circle();
    const thingId = await insertThing(owner, "friends");
    await t.request("POST", `/api/cart/items/${thingId}`, { cookie: friend.cookie });
    await t.db.query(sql`
      delete from friendships
      where (friend1_id = ${owner.id} and friend2_id = ${friend.id}) or (friend1_id = ${friend.id} and friend2_id = ${owner.id})`);
    expect((await cartOf(friend)).entries).toEqual([]);
  });

  test("malformed ids are a 400 naming the problem", async () => {
    const { friend } = await circle();
    const response = await t.request("PUT", "/api/cart", { cookie: friend.cookie, body: { thingIds: ["not an id!"] } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("thingIds[0]");
  });
});
