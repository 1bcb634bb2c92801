import { queryOne, type Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { listVisible, thingVisible, visibilityCtes } from "./visibility.ts";

export interface ShareRow {
  id: string;
  createdAt: Date;
  hiddenAt: Date | null;
  ownerId: string;
  ownerName: string;
  targetUserId: string;
  targetName: string;
  thingId: string | null;
  listId: string | null;
}

const shareColumns = sql`
  s.id, s.created_at as "createdAt", s.hidden_at as "hiddenAt",
  s.owner_id as "ownerId", owner.name as "ownerName",
  s.target_user_id as "targetUserId", target.name as "targetName",
  s.thing_id as "thingId", s.list_id as "listId"`;

const shareJoins = sql`join users owner on owner.id = s.owner_id join users target on target.id = s.target_user_id`;

/** A share that the viewer made or received; undefined otherwise, so strangers learn nothing. */
export async function findShareForParticipant(db: Queryable, shareId: string, viewerId: string): Promise<ShareRow | undefined> {
  return queryOne<ShareRow>(db, sql`
    select ${shareColumns} from shares s ${shareJoins}
    where s.id = ${shareId} and (s.owner_id = ${viewerId} or s.target_user_id = ${viewerId})`);
}

export interface ShareableObject {
  kind: "thing" | "list";
  id: string;
  name: string;
  ownerId: string;
}

/**
 * Find the thing or list an id names, among those the viewer may see; undefined for unknown
 * and invisible ids alike. Things and lists share one id space (21 random characters).
 */
export async function findVisibleObject(db: Queryable, viewerId: string, objectId: string): Promise<ShareableObject | undefined> {
  return queryOne<ShareableObject>(db, sql`
    with ${visibilityCtes(viewerId)}
    select 'thing' as kind, t.id, t.name, t.owner_id as "ownerId" from things t
      where t.id = ${objectId} and ${thingVisible(viewerId, "t")}
    union all
    select 'list' as kind, l.id, l.name, l.owner_id as "ownerId" from lists l
      where l.id = ${objectId} and ${listVisible(viewerId, "l")}
    limit 1`);
}

/**
 * Share an object with a user. Sharing it again with the same user returns the share that
 * exists (and `created: false`), so a double click makes one share and one notification.
 */
export async function createShare(
  tx: Queryable,
  input: { ownerId: string; targetUserId: string; object: ShareableObject },
): Promise<{ shareId: string; created: boolean }> {
  const column = sql.raw(input.object.kind === "thing" ? "thing_id" : "list_id");
  const inserted = await queryOne<{ id: string }>(tx, sql`
    insert into shares (id, owner_id, target_user_id, ${column})
    values (${newId()}, ${input.ownerId}, ${input.targetUserId}, ${input.object.id})
    on conflict (${column}, target_user_id) do nothing
    returning id`);
  if (inserted) return { shareId: inserted.id, created: true };

  const existing = await queryOne<{ id: string }>(tx, sql`
    select id from shares where ${column} = ${input.object.id} and target_user_id = ${input.targetUserId}`);
  if (!existing) throw new Error("share vanished between insert and select");
  return { shareId: existing.id, created: false };
}

/** Shares made by or to the viewer, newest first. */
export async function listShares(
  db: Queryable,
  viewerId: string,
  direction: "sent" | "received",
  page: { limit: number; offset: number },
): Promise<{ rows: ShareRow[]; totalCount: number }> {
  const condition = direction === "sent" ? sql`s.owner_id = ${viewerId}` : sql`s.target_user_id = ${viewerId}`;
  const [rows, count] = await Promise.all([
    db.query<ShareRow>(sql`
      select ${shareColumns} from shares s ${shareJoins}
      where ${condition}
      order by s.created_at desc, s.id
      limit ${page.limit} offset ${page.offset}`),
    queryOne<{ count: number }>(db, sql`select count(*)::int as count from shares s where ${condition}`),
  ]);
  return { rows, totalCount: count?.count ?? 0 };
}
