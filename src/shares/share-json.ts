import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { ShareRow } from "./share-queries.ts";
import { reducedThingColumns, reducedThingJson, type ReducedThingRow } from "../things/reduced-thing.ts";
import type { ReducedThing } from "../things/thing-json.ts";

interface UserRef {
  id: string;
  name: string;
}

export interface ReducedListJson {
  id: string;
  name: string;
  createdAt: Date;
  owner: UserRef;
  actions: { canEdit: boolean; canDelete: boolean; canShare: boolean };
}

/**
 * The body of share responses: the original's `{type, object}` plus the share's own `id`,
 * `owner`, `targetUser`, `createdAt` and `hidden`, which the original left out so that a client
 * could not tell which share it had made.
 */
export interface ShareJson {
  id: string;
  type: "thing" | "list";
  object: ReducedThing | ReducedListJson;
  owner: UserRef;
  targetUser: UserRef;
  createdAt: Date;
  hidden: boolean;
}

async function reducedThing(db: Queryable, thingId: string, viewerId: string): Promise<ReducedThing | undefined> {
  const row = await queryOne<ReducedThingRow>(db, sql`select ${reducedThingColumns("t")} from things t where t.id = ${thingId}`);
  return row && reducedThingJson(row, viewerId);
}

async function reducedList(db: Queryable, listId: string, viewerId: string): Promise<ReducedListJson | undefined> {
  const row = await queryOne<Omit<ReducedListJson, "actions"> & { isOwner: boolean }>(db, sql`
    select l.id, l.name, l.created_at as "createdAt",
      json_build_object('id', u.id, 'name', u.name) as owner,
      l.owner_id = ${viewerId} as "isOwner"
    from lists l join users u on u.id = l.owner_id
    where l.id = ${listId}`);
  if (!row) return undefined;
  const { isOwner, ...list } = row;
  return { ...list, actions: { canEdit: isOwner, canDelete: isOwner, canShare: isOwner } };
}

export async function shareJson(db: Queryable, share: ShareRow, viewerId: string): Promise<ShareJson> {
  const type = share.thingId ? "thing" : "list";
  const object = share.thingId ? await reducedThing(db, share.thingId, viewerId) : await reducedList(db, share.listId as string, viewerId);
  if (!object) throw new Error(`share ${share.id} points at a missing ${type}`);
  return {
    id: share.id,
    type,
    object,
    owner: { id: share.ownerId, name: share.ownerName },
    targetUser: { id: share.targetUserId, name: share.targetName },
    createdAt: share.createdAt,
    hidden: share.hiddenAt !== null,
  };
}
