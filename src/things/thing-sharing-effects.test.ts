import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { countRows, createThingAs, expectStatus, insertList, shareDirectly, thingSharedRecipients } from "./thing-fixtures.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

interface Circle {
  owner: TestUser;
  friend: TestUser;
  secondFriend: TestUser;
  friendOfFriend: TestUser;
  stranger: TestUser;
}

/**
 * The owner has two friends who are also friends of each other (so each is a friend of a
 * friend as well), and one of them has a further friend.
 */
async function createCircle(): Promise<Circle> {
  const circle = {
    owner: await createTestUser(t),
    friend: await createTestUser(t),
    secondFriend: await createTestUser(t),
    friendOfFriend: await createTestUser(t),
    stranger: await createTestUser(t),
  };
  await makeFriends(t, circle.owner, circle.friend);
  await makeFriends(t, circle.owner, circle.secondFriend);
  await makeFriends(t, circle.friend, circle.secondFriend);
  await makeFriends(t, circle.friend, circle.friendOfFriend);
  return circle;
}

const sorted = (...users: TestUser[]) => users.map((user) => user.id).sort();

describe("THING_SHARED notifications", () => {
  test("a new private thing notifies nobody", async () => {
    const circle = await createCircle();

    const thing = await createThingAs(t, circle.owner, { sharingState: "private" });

    expect(await thingSharedRecipients(t, thing.id)).toEqual([]);
  });

  test("a new thing for friends notifies each friend once", async () => {
    const circle = await createCircle();

    const thing = await createThingAs(t, circle.owner, { sharingState: "friends" });

    expect(await thingSharedRecipients(t, thing.id)).toEqual(sorted(circle.friend, circle.secondFriend));
  });

  test("a new thing for friends of friends notifies friends and their friends once, never the owner", async () => {
    const circle = await createCircle();

    const thing = await createThingAs(t, circle.owner, { sharingState: "friends-of-friends" });

    expect(await thingSharedRecipients(t, thing.id)).toEqual(sorted(circle.friend, circle.secondFriend, circle.friendOfFriend));
  });

  test("the notification names the thing and the sharer", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends" });

    const [row] = await t.db.query<{ content: unknown }>(sql`
      select content from notifications where recipient_id = ${circle.friend.id} and content->>'thingId' = ${thing.id}`);

    const content = typeof row?.content === "string" ? JSON.parse(row.content) : row?.content;
    expect(content).toEqual({ thingId: thing.id, sharerId: circle.owner.id });
  });

  test("queues one e-mail per recipient naming the thing", async () => {
    const circle = await createCircle();

    await createThingAs(t, circle.owner, { name: "Tile cutter Q7", sharingState: "friends" });

    const mails = await t.db.query<{ recipient_user_id: string; subject: string; body: string }>(sql`
      select recipient_user_id, subject, body from mail_outbox
      where recipient_user_id = any(${[circle.owner.id, circle.friend.id, circle.secondFriend.id, circle.stranger.id]}::text[])
      order by recipient_user_id`);
    expect(mails.map((mail) => mail.recipient_user_id)).toEqual(sorted(circle.friend, circle.secondFriend));
    expect(mails[0]!.subject).toEndWith("A thing has been shared with you");
    expect(mails[0]!.body).toContain('"Tile cutter Q7"');
  });

  test("widening from friends notifies only the newly reached", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends" });
    await t.db.query(sql`delete from notifications where content->>'thingId' = ${thing.id}`);

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { sharingState: "friends-of-friends" } }), 200);

    expect(await thingSharedRecipients(t, thing.id)).toEqual(sorted(circle.friendOfFriend));
  });

  test("widening skips users who already see the thing through a share or a list", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "private" });
    await shareDirectly(t, circle.owner, circle.friend, { thingId: thing.id });
    await insertList(t, circle.owner, "friends", [thing.id]);
    await makeFriends(t, circle.owner, circle.stranger);
    const listOnly = await insertList(t, circle.owner, "private", []);
    await shareDirectly(t, circle.owner, circle.stranger, { listId: listOnly });

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { sharingState: "friends-of-friends" } }), 200);

    // friend: direct share; secondFriend and stranger: the list for friends; only the friend of a friend is new.
    expect(await thingSharedRecipients(t, thing.id)).toEqual(sorted(circle.friendOfFriend));
  });

  test("narrowing or keeping the sharing state notifies nobody", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends-of-friends" });
    await t.db.query(sql`delete from notifications where content->>'thingId' = ${thing.id}`);

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { sharingState: "friends-of-friends", name: "Renamed" } }), 200);
    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { sharingState: "friends" } }), 200);

    expect(await thingSharedRecipients(t, thing.id)).toEqual([]);
  });
});

describe("carts after a narrower sharing state", () => {
  test("lose the thing for users who can no longer see it", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends-of-friends" });
    await shareDirectly(t, circle.owner, circle.stranger, { thingId: thing.id });
    for (const user of [circle.owner, circle.friend, circle.friendOfFriend, circle.stranger]) {
      await t.db.query(sql`insert into cart_entries (user_id, thing_id) values (${user.id}, ${thing.id})`);
    }

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { sharingState: "friends" } }), 200);

    const rows = await t.db.query<{ user_id: string }>(sql`select user_id from cart_entries where thing_id = ${thing.id} order by user_id`);
    expect(rows.map((row) => row.user_id)).toEqual(sorted(circle.owner, circle.friend, circle.stranger));
  });

  test("keep the thing when the sharing state stays", async () => {
    const circle = await createCircle();
    const thing = await createThingAs(t, circle.owner, { sharingState: "friends" });
    await t.db.query(sql`insert into cart_entries (user_id, thing_id) values (${circle.friend.id}, ${thing.id})`);

    await expectStatus(await t.request("PATCH", `/api/things/${thing.id}`, { cookie: circle.owner.cookie, body: { name: "Renamed" } }), 200);

    expect(await countRows(t.db, sql`select count(*)::int as count from cart_entries where thing_id = ${thing.id}`)).toBe(1);
  });
});
