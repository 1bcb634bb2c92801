import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { insertShare, insertThing } from "../lists/list-test-factories.ts";
import type { SharingState } from "../lists/list-input.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createCircle, createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import {
  countThingsVisible,
  listVisible,
  listVisibleThroughIndexes,
  ownersOfThingsVisible,
  profileVisible,
  profileVisibleByProbes,
  thingVisible,
  thingVisibleInScan,
  thingVisibleByProbes,
  thingSharedBeyondIndexes,
  thingVisibleByOwnerLookups,
  thingVisibleThroughIndexes,
  visibilityCtes,
} from "./visibility.ts";

let t: TestApp;
let viewer: TestUser;
let friend: TestUser;
let friendOfFriend: TestUser;
let stranger: TestUser;
let loner: TestUser;
const states: SharingState[] = ["private", "friends", "friends-of-friends"];

async function insertList(owner: TestUser, state: SharingState, thingIds: string[]): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into lists (id, name, owner_id, sharing_state) values (${id}, 'List', ${owner.id}, ${state}::sharing_state)`);
  for (const thingId of thingIds) await t.db.query(sql`insert into lists_things (list_id, thing_id) values (${id}, ${thingId})`);
  return id;
}

async function countsOf(user: TestUser, ownerIds?: string[]): Promise<{ counted: number; tested: number }> {
  const ownerFilter = ownerIds ? sql`and t.owner_id = any(${ownerIds}::text[])` : sql.empty;
  const row = await queryOne<{ counted: number; tested: number }>(t.db, sql`
    with ${visibilityCtes(user.id)}
    select ${countThingsVisible(user.id, ownerIds)} as counted,
      (select count(*)::int from things t where ${thingVisible(user.id, "t")} ${ownerFilter}) as tested`);
  return row!;
}

async function recounted(ownerIds: string[]): Promise<unknown[]> {
  return t.db.query(sql`
    select owner_id, kind, sharing_state::text, count(*)::int as n from (
      select owner_id, 'thing' as kind, sharing_state from things where owner_id = any(${ownerIds}::text[])
      union all
      select owner_id, 'list', sharing_state from lists where owner_id = any(${ownerIds}::text[])
    ) as objects group by 1, 2, 3 order by 1, 2, 3`);
}

async function kept(ownerIds: string[]): Promise<unknown[]> {
  return t.db.query(sql`
    select owner_id, object_kind as kind, sharing_state::text, object_count as n from sharing_counts
    where owner_id = any(${ownerIds}::text[]) order by 1, 2, 3`);
}

beforeAll(async () => {
  t = await createTestApp();
  ({ viewer, friend, friendOfFriend, stranger, loner } = await createCircle(t));

  const owned: Record<string, Record<SharingState, string>> = {};
  for (const user of [viewer, friend, friendOfFriend, stranger]) {
    owned[user.id] = {} as Record<SharingState, string>;
    for (const state of states) {
      for (let copy = 0; copy < 2; copy += 1) owned[user.id]![state] = await insertThing(t, user, { sharingState: state });
    }
  }
  const privateOf = (user: TestUser) => owned[user.id]!.private;
  const friendsOnlyOf = (user: TestUser) => owned[user.id]!.friends;

  // Direct shares: one that adds a thing, one of a thing the viewer sees anyway, one hidden.
  await insertShare(t, stranger, viewer, { thingId: privateOf(stranger) });
  await insertShare(t, friend, viewer, { thingId: friendsOnlyOf(friend) });
  const hidden = await insertThing(t, stranger, { sharingState: "private" });
  await insertShare(t, stranger, viewer, { thingId: hidden });
  await t.db.query(sql`update shares set hidden_at = now() where thing_id = ${hidden}`);

  // Lists of every state by every relation, so the same thing is in several lists. Then a list
  // with another owner's thing, lists shared directly, and the viewer's own lists.
  for (const owner of [viewer, friend, friendOfFriend, stranger]) {
    for (const state of states) await insertList(owner, state, [privateOf(owner), friendsOnlyOf(owner)]);
  }
  await insertList(friend, "friends", [privateOf(friend), privateOf(stranger)]);
  await insertList(viewer, "friends-of-friends", [privateOf(stranger)]);
  const sharedList = await insertList(stranger, "private", [privateOf(stranger), friendsOnlyOf(stranger)]);
  await insertShare(t, stranger, viewer, { listId: sharedList });
  const hiddenList = await insertList(stranger, "private", [hidden]);
  await insertShare(t, stranger, viewer, { listId: hiddenList });
  await t.db.query(sql`update shares set hidden_at = now() where list_id = ${hiddenList}`);
  await t.db.query(sql`
    insert into friend_requests (id, sender_id, receiver_id, state) values (${newId()}, ${loner.id}, ${stranger.id}, 'pending')`);
});

describe("countThingsVisible", () => {
  test("agrees with thingVisible for every relation", async () => {
    for (const user of [viewer, friend, friendOfFriend, stranger, loner]) {
      const { counted, tested } = await countsOf(user);
      expect({ user: user.name, counted }).toEqual({ user: user.name, counted: tested });
    }
  });

  test("agrees with thingVisible for some owners only", async () => {
    for (const user of [viewer, friend, friendOfFriend]) {
      const { counted, tested } = await countsOf(user, [stranger.id, friend.id]);
      expect(counted).toBe(tested);
    }
  });

  test("follows a change of sharing state at once", async () => {
    const before = await countsOf(friendOfFriend);
    await t.db.query(sql`update things set sharing_state = 'friends-of-friends' where owner_id = ${viewer.id} and sharing_state = 'private'`);
    const after = await countsOf(friendOfFriend);
    await t.db.query(sql`update things set sharing_state = 'private' where owner_id = ${viewer.id} and sharing_state = 'friends-of-friends'`);

    expect(after.counted).toBe(after.tested);
    expect(after.counted).toBeGreaterThan(before.counted);
  });
});

describe("ownersOfThingsVisible", () => {
  test("names the owners of the things thingVisible selects", async () => {
    for (const user of [viewer, friend, friendOfFriend, stranger, loner]) {
      const [row] = await t.db.query<{ listed: string[]; tested: string[] }>(sql`
        with ${visibilityCtes(user.id)}
        select array(select owner_id from (${ownersOfThingsVisible(user.id)}) as o order by 1) as listed,
          array(select distinct t.owner_id from things t where ${thingVisible(user.id, "t")} order by 1) as tested`);
      expect(row!.listed).toEqual(row!.tested);
    }
  });
});

type ThingRule = (viewerId: string, alias: string) => SqlFragment;

/** List the things of `ownerIds` on which `form` and `thingVisible` disagree for `user`. */
async function disagreementsWithThingVisible(
  form: ThingRule,
  user: TestUser,
  ownerIds: string[],
  options: Parameters<typeof visibilityCtes>[1] = {},
): Promise<string[]> {
  const rows = await t.db.query<{ id: string; by_row: boolean; by_form: boolean }>(sql`
    with ${visibilityCtes(user.id, options)}
    select t.id, ${thingVisible(user.id, "t")} as by_row, ${form(user.id, "t")} as by_form
    from things t where t.owner_id = any(${ownerIds}::text[])`);
  return rows.filter((row) => row.by_row !== row.by_form).map((row) => row.id);
}

// A search uses both: the second adds what the first leaves out when a viewer has many.
const throughIndexesAndBeyond: ThingRule = (viewerId, alias) =>
  sql`(${thingVisibleThroughIndexes(viewerId, alias)} or ${thingSharedBeyondIndexes(`${alias}.id`)})`;

const otherForms: [string, ThingRule][] = [
  ["thingVisibleThroughIndexes with thingSharedBeyondIndexes", throughIndexesAndBeyond],
  ["thingVisibleInScan", thingVisibleInScan],
  ["thingVisibleByProbes", thingVisibleByProbes],
  ["thingVisibleByOwnerLookups", thingVisibleByOwnerLookups],
];

describe.each(otherForms)("%s", (_name, form) => {
  test("selects the same things as thingVisible", async () => {
    const everyone = [viewer, friend, friendOfFriend, stranger, loner];
    for (const user of everyone) {
      const disagreeing = await disagreementsWithThingVisible(form, user, everyone.map((someone) => someone.id));
      expect({ user: user.name, disagreeing }).toEqual({ user: user.name, disagreeing: [] });
    }
  });
});

describe("thingVisibleThroughIndexes with many shared things", () => {
  test("with the second form equals thingVisible", async () => {
    const everyone = [viewer, friend, friendOfFriend, stranger, loner];
    for (const user of everyone) {
      const disagreeing = await disagreementsWithThingVisible(throughIndexesAndBeyond, user, everyone.map((someone) => someone.id), {
        manySharedThings: 0,
      });
      expect({ user: user.name, disagreeing }).toEqual({ user: user.name, disagreeing: [] });
    }
    // The viewer sees things of the stranger only through shares and lists; with the threshold
    // at 0 the first form leaves them out.
    const [row] = await t.db.query<{ left_out: number }>(sql`
      with ${visibilityCtes(viewer.id, { manySharedThings: 0 })}
      select count(*)::int as left_out from things t
      where t.owner_id = ${stranger.id} and ${thingSharedBeyondIndexes("t.id")} and not ${thingVisibleThroughIndexes(viewer.id, "t")}`);
    expect(row!.left_out).toBeGreaterThan(0);
  });
});

describe("listVisibleThroughIndexes", () => {
  test("selects the same lists as listVisible", async () => {
    const everyone = [viewer, friend, friendOfFriend, stranger, loner];
    for (const user of everyone) {
      const rows = await t.db.query<{ id: string; by_row: boolean; by_indexes: boolean }>(sql`
        with ${visibilityCtes(user.id)}
        select l.id, ${listVisible(user.id, "l")} as by_row, ${listVisibleThroughIndexes(user.id, "l")} as by_indexes
        from lists l where l.owner_id = any(${everyone.map((someone) => someone.id)}::text[])`);
      const disagreeing = rows.filter((row) => row.by_row !== row.by_indexes).map((row) => row.id);
      expect({ user: user.name, lists: rows.length > 10, disagreeing }).toEqual({ user: user.name, lists: true, disagreeing: [] });
    }
  });
});

/** Give `user` this many new friends, each with a fresh account, in a few statements. */
async function addFriends(user: TestUser, count: number): Promise<void> {
  const prefix = newId();
  await t.db.query(sql`
    with new_users as (
      insert into users (id, name, email)
      select ${prefix} || '-' || n, 'Crowd ' || n, ${prefix} || '-' || n || '@crowd.test' from generate_series(1, ${count}) as n
      returning id
    ),
    requests as (
      insert into friend_requests (id, sender_id, receiver_id, state)
      select id || '-request', id, ${user.id}, 'accepted' from new_users
      returning id, sender_id
    )
    insert into friendships (friend1_id, friend2_id, friend_request_id) select sender_id, ${user.id}, id from requests`);
}

describe("thingVisibleByProbes and thingVisibleByOwnerLookups with long friend lists", () => {
  test("selects the same things as thingVisible", async () => {
    // The owner and two of the viewers have hundreds of friends.
    const owner = await createTestUser(t);
    const middle = await createTestUser(t);
    const hubViewer = await createTestUser(t);
    const smallViewer = await createTestUser(t);
    const hubStranger = await createTestUser(t);
    for (const user of [owner, hubViewer, hubStranger]) await addFriends(user, 210);
    await makeFriends(t, owner, middle);
    await makeFriends(t, middle, hubViewer);
    await makeFriends(t, middle, smallViewer);
    for (const state of states) await insertThing(t, owner, { sharingState: state });
    const listed = await insertThing(t, owner, { sharingState: "private" });
    await insertList(owner, "friends-of-friends", [listed]);

    for (const user of [hubViewer, smallViewer, hubStranger]) {
      for (const form of [thingVisibleByProbes, thingVisibleByOwnerLookups]) {
        const disagreeing = await disagreementsWithThingVisible(form, user, [owner.id]);
        expect({ user: user.name, form: form.name, disagreeing }).toEqual({ user: user.name, form: form.name, disagreeing: [] });
      }
    }
  });
});

describe("viewer_common_friend_owners", () => {
  test("wide and narrow forms agree", async () => {
    const hub = await createTestUser(t);
    await addFriends(hub, 50);
    await makeFriends(t, hub, friend);
    await insertThing(t, hub, { sharingState: "friends-of-friends" });
    for (const user of [viewer, friend, friendOfFriend, stranger, loner, hub]) {
      const owners = async (wideCircle: number) => {
        const [row] = await t.db.query<{ ids: string[]; counted: number }>(sql`
          with ${visibilityCtes(user.id, { wideCircle })}
          select array(select id from viewer_common_friend_owners order by id) as ids, ${countThingsVisible(user.id)} as counted`);
        return row!;
      };
      // 0 makes every circle wide; a million makes none.
      expect({ user: user.name, ...(await owners(0)) }).toEqual({ user: user.name, ...(await owners(1_000_000)) });
    }
  });
});

describe("profileVisibleByProbes", () => {
  test("shows the same profiles as profileVisible", async () => {
    const everyone = [viewer, friend, friendOfFriend, stranger, loner];
    for (const user of everyone) {
      const rows = await t.db.query<{ id: string; by_sets: boolean; by_probes: boolean }>(sql`
        with ${visibilityCtes(user.id)}
        select u.id, ${profileVisible(user.id, "u.id")} as by_sets, ${profileVisibleByProbes(user.id, "u.id")} as by_probes
        from users u where u.id = any(${everyone.map((someone) => someone.id)}::text[])`);
      const disagreeing = rows.filter((row) => row.by_sets !== row.by_probes);
      expect({ user: user.name, disagreeing }).toEqual({ user: user.name, disagreeing: [] });
    }
  });
});

describe("sharing_counts", () => {
  test("matches the things and lists after inserts, updates and deletes", async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const ids: string[] = [];
    for (const state of states) ids.push(await insertThing(t, a, { sharingState: state }), await insertThing(t, a, { sharingState: state }));
    await insertList(a, "friends", ids.slice(0, 2));
    expect(await kept([a.id, b.id])).toEqual(await recounted([a.id, b.id]));

    await t.db.query(sql`update things set sharing_state = 'friends' where id = any(${ids.slice(0, 3)}::text[])`);
    await t.db.query(sql`update things set owner_id = ${b.id} where id = ${ids[5]!}`);
    await t.db.query(sql`update things set name = 'Renamed' where id = ${ids[4]!}`);
    await t.db.query(sql`update lists set sharing_state = 'private' where owner_id = ${a.id}`);
    expect(await kept([a.id, b.id])).toEqual(await recounted([a.id, b.id]));

    await t.db.query(sql`delete from things where id = ${ids[0]!}`);
    expect(await kept([a.id, b.id])).toEqual(await recounted([a.id, b.id]));
  });

  test("drops every row of a deleted user", async () => {
    const deleted = await createTestUser(t);
    await insertThing(t, deleted, { sharingState: "friends" });
    await insertList(deleted, "private", []);
    await t.db.query(sql`delete from users where id = ${deleted.id}`);

    expect(await kept([deleted.id])).toEqual([]);
  });
});

describe("list entries", () => {
  test("carry their thing's owner and sharing state through inserts and updates", async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const ids: string[] = [];
    for (const state of states) ids.push(await insertThing(t, a, { sharingState: state }));
    const listId = await insertList(a, "friends", ids);
    const mismatches = () =>
      t.db.query(sql`
        select lt.thing_id from lists_things lt join things t on t.id = lt.thing_id
        where lt.list_id = ${listId}
          and (lt.thing_owner_id is distinct from t.owner_id or lt.thing_sharing_state is distinct from t.sharing_state)`);
    expect(await mismatches()).toEqual([]);

    await t.db.query(sql`update things set sharing_state = 'friends-of-friends' where id = any(${ids}::text[])`);
    await t.db.query(sql`update things set owner_id = ${b.id} where id = ${ids[0]!}`);
    // A writer that sets the copy itself does not get its way.
    await t.db.query(sql`update lists_things set thing_sharing_state = 'private', thing_owner_id = ${b.id} where thing_id = ${ids[1]!}`);
    expect(await mismatches()).toEqual([]);
    const [row] = await t.db.query<{ states: string[] }>(sql`
      select array_agg(distinct thing_sharing_state::text) as states from lists_things where list_id = ${listId}`);
    expect(row!.states).toEqual(["friends-of-friends"]);
  });
});
