import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { thingAudience } from "./thing-audience.ts";
import { createThingAs, insertList, setSharingState, shareDirectly } from "./thing-fixtures.ts";
import { sharingStates } from "./thing-json.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

async function audienceOf(thingId: string): Promise<string[]> {
  const rows = await t.db.query<{ id: string }>(sql`select id from (${thingAudience(thingId)}) as audience order by id`);
  return rows.map((row) => row.id);
}

async function viewersAmong(thingId: string, users: readonly TestUser[]): Promise<string[]> {
  const viewers: string[] = [];
  for (const user of users) {
    const rows = await t.db.query(sql`
      with ${visibilityCtes(user.id)}
      select 1 from things t where t.id = ${thingId} and ${thingVisible(user.id, "t")}`);
    if (rows.length > 0) viewers.push(user.id);
  }
  return viewers.sort();
}

describe("thingAudience", () => {
  // owner - friend - friendOfFriend; listOwner - listFriend - listFriendOfFriend; plus share targets.
  let users: Record<string, TestUser>;

  beforeAll(async () => {
    const names = ["owner", "friend", "friendOfFriend", "shareTarget", "listOwner", "listFriend", "listFriendOfFriend", "listShareTarget", "stranger"];
    users = {};
    for (const name of names) users[name] = await createTestUser(t, { name });
    await makeFriends(t, users.owner!, users.friend!);
    await makeFriends(t, users.friend!, users.friendOfFriend!);
    await makeFriends(t, users.listOwner!, users.listFriend!);
    await makeFriends(t, users.listFriend!, users.listFriendOfFriend!);
  });

  for (const thingState of sharingStates) {
    for (const listState of sharingStates) {
      test(`matches visibility: thing ${thingState}, list ${listState}`, async () => {
        const all = Object.values(users);
        const thing = await createThingAs(t, users.owner!, { sharingState: "private" });
        await setSharingState(t, thing.id, thingState);
        await shareDirectly(t, users.owner!, users.shareTarget!, { thingId: thing.id });
        const list = await insertList(t, users.listOwner!, listState, [thing.id]);
        await shareDirectly(t, users.listOwner!, users.listShareTarget!, { listId: list });

        const audience = await audienceOf(thing.id);

        expect(audience).toEqual(await viewersAmong(thing.id, all));
        expect(audience).not.toContain(users.stranger!.id);
      });
    }
  }

  test("leaves out the target of a hidden share", async () => {
    const thing = await createThingAs(t, users.owner!);
    const share = await shareDirectly(t, users.owner!, users.shareTarget!, { thingId: thing.id });
    await t.db.query(sql`update shares set hidden_at = now() where id = ${share}`);

    expect(await audienceOf(thing.id)).toEqual([users.owner!.id]);
    expect(await viewersAmong(thing.id, Object.values(users))).toEqual([users.owner!.id]);
  });
});
