import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Database } from "./database.ts";
import { migrate } from "./migrate.ts";
import { runScript } from "./original-database-fixture.ts";
import { sql } from "./sql.ts";
import { createTestDatabase, type TestDatabase } from "./test-support.ts";

// Starting PGlite or a PostgreSQL cluster takes seconds on a cold cache.
setDefaultTimeout(60_000);

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await migrate(db);
});

afterAll(async () => {
  await database.close();
});

/** Inserts users with the given ids; each e-mail address is the id at example.org. */
async function createUsers(...ids: string[]): Promise<void> {
  for (const id of ids) {
    await db.query(sql`insert into users (id, name, email) values (${id}, ${id}, ${`${id}@example.org`})`);
  }
}

async function failureOf(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error("the statement succeeded, but it should have failed");
  return error.message;
}

describe("migrated schema", () => {
  test("e-mail addresses are unique regardless of case", async () => {
    await createUsers("case-1");

    const message = await failureOf(
      db.query(sql`insert into users (id, name, email) values ('case-2', 'Case', 'CASE-1@Example.org')`),
    );

    expect(message).toContain("users_email_lower_key");
  });

  test("friendship is one row per pair of two users", async () => {
    await createUsers("friend-a", "friend-b");
    await runScript(
      db,
      `insert into friend_requests (id, sender_id, receiver_id, state) values ('friend-request-ab', 'friend-a', 'friend-b', 'accepted');
       insert into friendships (friend1_id, friend2_id, friend_request_id) values ('friend-b', 'friend-a', 'friend-request-ab');`,
    );

    expect(
      await failureOf(
        db.query(sql`insert into friendships (friend1_id, friend2_id, friend_request_id) values ('friend-a', 'friend-b', 'friend-request-ab')`),
      ),
    ).toContain("friendships_pair_key");
    expect(
      await failureOf(
        db.query(sql`insert into friendships (friend1_id, friend2_id, friend_request_id) values ('friend-a', 'friend-a', 'friend-request-ab')`),
      ),
    ).toContain("friendships_two_users_check");
  });

  test("one pending friend request per pair", async () => {
    await createUsers("request-a", "request-b");
    await db.query(sql`insert into friend_requests (id, sender_id, receiver_id) values ('request-1', 'request-a', 'request-b')`);

    expect(
      await failureOf(db.query(sql`insert into friend_requests (id, sender_id, receiver_id) values ('request-2', 'request-b', 'request-a')`)),
    ).toContain("friend_requests_pending_pair_key");

    await db.query(sql`update friend_requests set state = 'rejected' where id = 'request-1'`);
    await db.query(sql`insert into friend_requests (id, sender_id, receiver_id) values ('request-3', 'request-b', 'request-a')`);
    const [row] = await db.query<{ updated: boolean }>(sql`select updated_at is not null as updated from friend_requests where id = 'request-3'`);
    expect(row!.updated).toBe(true);
    expect(
      await failureOf(db.query(sql`insert into friend_requests (id, sender_id, receiver_id) values ('request-4', 'request-a', 'request-a')`)),
    ).toContain("friend_requests_two_users_check");
  });

  test("one share per object and target", async () => {
    await createUsers("share-owner", "share-target");
    await runScript(
      db,
      `insert into things (id, name, owner_id) values ('share-thing', 'Leiter', 'share-owner');
       insert into lists (id, name, owner_id) values ('share-list', 'Werkstatt', 'share-owner');
       insert into shares (id, owner_id, target_user_id, thing_id) values ('share-1', 'share-owner', 'share-target', 'share-thing');
       insert into shares (id, owner_id, target_user_id, list_id) values ('share-2', 'share-owner', 'share-target', 'share-list');`,
    );

    expect(
      await failureOf(
        db.query(sql`insert into shares (id, owner_id, target_user_id, thing_id) values ('share-3', 'share-owner', 'share-target', 'share-thing')`),
      ),
    ).toContain("shares_thing_id_target_user_id_key");
    expect(
      await failureOf(db.query(sql`insert into shares (id, owner_id, target_user_id) values ('share-4', 'share-owner', 'share-target')`)),
    ).toContain("shares_one_object_check");
    expect(
      await failureOf(
        db.query(sql`insert into shares (id, owner_id, target_user_id, thing_id, list_id) values ('share-5', 'share-owner', 'share-target', 'share-thing', 'share-list')`),
      ),
    ).toContain("shares_one_object_check");
    const listLinks = await db.query(sql`select share_id, list_id from shares_lists where list_id = 'share-list'`);
    expect(listLinks).toEqual([{ share_id: "share-2", list_id: "share-list" }]);
  });

  test("deleting a thing keeps its images", async () => {
    await createUsers("delete-owner", "delete-friend");
    await runScript(
      db,
      `insert into things (id, name, owner_id) values ('delete-thing', 'Hammer', 'delete-owner');
       insert into images (id, name, mime, hash, owner_id) values ('delete-image', 'hammer.jpg', 'image/jpeg', 'HASHHAMMER', 'delete-owner');
       insert into images_things (thing_id, image_id) values ('delete-thing', 'delete-image');
       insert into properties (id, type, name, value_string, thing_id) values ('delete-property', 'string', 'Marke', 'Estwing', 'delete-thing');
       insert into quantity_entries (id, thing_id, delta_value) values ('delete-quantity', 'delete-thing', 1);
       insert into shares (id, owner_id, target_user_id, thing_id) values ('delete-share', 'delete-owner', 'delete-friend', 'delete-thing');
       insert into cart_entries (user_id, thing_id) values ('delete-friend', 'delete-thing');`,
    );

    await db.query(sql`delete from things where id = 'delete-thing'`);

    const [left] = await db.query(sql`
      select
        (select count(*)::int from images where id = 'delete-image') as images,
        (select count(*)::int from images_things where image_id = 'delete-image') as links,
        (select count(*)::int from properties where id = 'delete-property') as properties,
        (select count(*)::int from quantity_entries where id = 'delete-quantity') as quantities,
        (select count(*)::int from shares where id = 'delete-share') as shares,
        (select count(*)::int from cart_entries where user_id = 'delete-friend') as cart
    `);
    expect(left).toEqual({ images: 1, links: 0, properties: 0, quantities: 0, shares: 0, cart: 0 });
  });

  test("search expression ignores case and accents", async () => {
    await createUsers("search-owner");
    await runScript(
      db,
      `insert into things (id, name, owner_id, description) values
         ('search-1', 'Crème-Brûlée-Brenner', 'search-owner', 'Gasbrenner für die Küche'),
         ('search-2', 'Schraubenzieher', 'search-owner', '');`,
    );
    const term = "BRULEE";

    const found = await db.query<{ id: string }>(sql`
      select id from things
      where owner_id = 'search-owner'
        and lower(stashsphere_unaccent(name)) like '%' || lower(stashsphere_unaccent(${term})) || '%'
    `);

    expect(found).toEqual([{ id: "search-1" }]);
  });

  test("search expressions match the trigram indexes", async () => {
    const plans = await db.transaction(async (tx) => {
      // With sequential scans priced out, the planner picks an index whenever one matches.
      await tx.query(sql`set local enable_seqscan = off`);
      const explain = async (statement: string) => {
        const rows = await tx.query<{ "QUERY PLAN": string }>(sql.raw(`explain ${statement}`));
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      };
      return {
        thingName: await explain("select id from things where lower(stashsphere_unaccent(name)) like '%brulee%'"),
        thingDescription: await explain("select id from things where lower(stashsphere_unaccent(description)) like '%kuche%'"),
        listName: await explain("select id from lists where lower(stashsphere_unaccent(name)) like '%werk%'"),
        propertyValue: await explain("select id from properties where lower(stashsphere_unaccent(value_string)) like '%bosch%'"),
      };
    });

    expect(plans.thingName).toContain("things_name_trgm_idx");
    expect(plans.thingDescription).toContain("things_description_trgm_idx");
    expect(plans.listName).toContain("lists_name_trgm_idx");
    expect(plans.propertyValue).toContain("properties_value_string_trgm_idx");
  });
});
