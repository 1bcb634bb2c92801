import type { Database, Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import type { TestApp } from "../testing/app.ts";
import type { TestUser } from "../testing/users.ts";
import type { SharingState, Thing } from "./thing-json.ts";

/** Test factories for things and the rows around them; lists, images and shares are inserted directly. */

/** Read the JSON body, failing with the body in the message when the status is not `status`. */
export async function expectStatus<Body = unknown>(response: Response, status: number): Promise<Body> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${text}`);
  }
  return (text === "" ? undefined : JSON.parse(text)) as Body;
}

/** Create a thing through the API as `owner`; `body` defaults to a private thing named "Thing". */
export async function createThingAs(t: TestApp, owner: TestUser, body: Record<string, unknown> = {}): Promise<Thing> {
  const response = await t.request("POST", "/api/things", { cookie: owner.cookie, body: { name: "Thing", ...body } });
  return expectStatus<Thing>(response, 201);
}

export async function insertImage(t: TestApp, owner: TestUser, name = "photo.jpg"): Promise<string> {
  const id = newId();
  await t.db.query(sql`
    insert into images (id, name, mime, hash, owner_id) values (${id}, ${name}, 'image/jpeg', ${`HASH${id}`}, ${owner.id})`);
  return id;
}

export async function insertList(
  t: TestApp,
  owner: TestUser,
  sharingState: SharingState,
  thingIds: readonly string[] = [],
  name = "List",
): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into lists (id, name, owner_id, sharing_state) values (${id}, ${name}, ${owner.id}, ${sharingState})`);
  for (const thingId of thingIds) {
    await t.db.query(sql`insert into lists_things (list_id, thing_id) values (${id}, ${thingId})`);
  }
  return id;
}

export async function shareDirectly(t: TestApp, owner: TestUser, target: TestUser, object: { thingId?: string; listId?: string }): Promise<string> {
  const id = newId();
  await t.db.query(sql`
    insert into shares (id, owner_id, target_user_id, thing_id, list_id)
    values (${id}, ${owner.id}, ${target.id}, ${object.thingId ?? null}, ${object.listId ?? null})`);
  return id;
}

export async function setSharingState(t: TestApp, thingId: string, state: SharingState): Promise<void> {
  await t.db.query(sql`update things set sharing_state = ${state} where id = ${thingId}`);
}

export async function countRows(db: Queryable, statement: SqlFragment): Promise<number> {
  const [row] = await db.query<{ count: number }>(statement);
  return Number(row?.count ?? 0);
}

/** The THING_SHARED notifications about `thingId`, as recipient ids in sorted order. */
export async function thingSharedRecipients(t: TestApp, thingId: string): Promise<string[]> {
  const rows = await t.db.query<{ recipient_id: string }>(sql`
    select recipient_id from notifications
    where content_type = 'THING_SHARED' and content->>'thingId' = ${thingId}
    order by recipient_id`);
  return rows.map((row) => row.recipient_id);
}

/** A Database that counts the statements run through it and its transactions. */
export function countingDatabase(db: Database): Database & { statements(): number; reset(): void } {
  let statements = 0;
  const counting = (queryable: Queryable): Queryable => ({
    query: (statement) => {
      statements += 1;
      return queryable.query(statement);
    },
  });
  const inner = counting(db);
  return {
    kind: db.kind,
    description: db.description,
    query: inner.query,
    transaction: (work) => db.transaction((tx) => work(counting(tx))),
    close: () => db.close(),
    statements: () => statements,
    reset: () => {
      statements = 0;
    },
  };
}

export function sortedIds(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id).sort();
}
