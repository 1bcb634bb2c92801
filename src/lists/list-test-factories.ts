import type { Database, Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import type { TestApp } from "../testing/app.ts";
import type { TestUser } from "../testing/users.ts";
import type { SharingState } from "./list-input.ts";

export interface ThingFields {
  name?: string;
  description?: string;
  privateNote?: string;
  sharingState?: SharingState;
  createdAt?: Date;
}

/** Insert a thing directly, as the things feature would store it. */
export async function insertThing(t: TestApp, owner: TestUser, fields: ThingFields = {}): Promise<string> {
  const id = newId();
  await t.db.query(sql`
    insert into things (id, name, description, private_note, owner_id, sharing_state, created_at)
    values (${id}, ${fields.name ?? `Thing ${id}`}, ${fields.description ?? ""}, ${fields.privateNote ?? ""},
            ${owner.id}, ${fields.sharingState ?? "private"}::sharing_state, ${fields.createdAt ?? new Date()})`);
  return id;
}

/** Insert a string property on a thing. */
export async function insertStringProperty(t: TestApp, thingId: string, name: string, value: string): Promise<void> {
  await t.db.query(sql`
    insert into properties (id, type, name, value_string, thing_id)
    values (${newId()}, 'string', ${name}, ${value}, ${thingId})`);
}

/** Share a thing or list with one user directly, as the shares feature will. */
export async function insertShare(t: TestApp, owner: TestUser, target: TestUser, object: { thingId?: string; listId?: string }): Promise<void> {
  await t.db.query(sql`
    insert into shares (id, owner_id, target_user_id, thing_id, list_id)
    values (${newId()}, ${owner.id}, ${target.id}, ${object.thingId ?? null}, ${object.listId ?? null})`);
}

/** Create a list through the API and return its id; fails the test on any other status than 201. */
export async function createListThroughApi(
  t: TestApp,
  owner: TestUser,
  body: { name?: string; thingIds?: string[]; sharingState?: SharingState },
): Promise<string> {
  const response = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "A list", ...body } });
  const json = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`creating a list failed with ${response.status}: ${JSON.stringify(json)}`);
  return json.id;
}

/** Read the notifications a user received, oldest first. */
export async function notificationsOf(t: TestApp, user: TestUser): Promise<{ content_type: string; content: Record<string, string> }[]> {
  return t.db.query(sql`
    select content_type, content from notifications where recipient_id = ${user.id} order by created_at, id`);
}

/**
 * Wrap a database so that every statement is counted, including those inside transactions;
 * for tests that a request costs a fixed number of statements.
 */
export function countStatements(db: Database): { db: Database; count: () => number; reset: () => void } {
  let statements = 0;
  const counted = (inner: Queryable): Queryable => ({
    query<Row>(statement: SqlFragment) {
      statements += 1;
      return inner.query<Row>(statement);
    },
  });
  const wrapper: Database = {
    kind: db.kind,
    description: db.description,
    query: counted(db).query,
    transaction: (work) => db.transaction((tx) => work(counted(tx))),
    close: () => db.close(),
  };
  return { db: wrapper, count: () => statements, reset: () => { statements = 0; } };
}
