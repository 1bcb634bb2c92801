import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import { listVisible, thingVisible, visibilityCtes } from "../shares/visibility.ts";

export interface NotificationJson {
  id: string;
  createdAt: string;
  acknowledged: boolean;
  contentType: string;
  content: unknown;
  /** The user whose action caused the notification; null when the account is gone. */
  actor: { id: string; name: string } | null;
  /**
   * The thing, list or friend request it is about, with a name to show: the thing's or list's
   * name, or for a friend request the name of the other user. Null when the object is gone or
   * the recipient can no longer see it.
   */
  subject: { type: "thing" | "list" | "friendRequest"; id: string; name: string } | null;
}

interface NotificationRow {
  id: string;
  created_at: Date;
  acknowledged: boolean;
  content_type: string;
  content: unknown;
  actor_id: string | null;
  actor_name: string | null;
  subject_type: "thing" | "list" | "friendRequest" | null;
  subject_id: string | null;
  subject_name: string | null;
}

export interface NotificationListing {
  page: Page;
  onlyUnacknowledged: boolean;
}

/**
 * List one page of the recipient's notifications, newest first, with the actor and subject
 * of each resolved in the same statement. A subject is named only while the recipient may
 * still see it, by the same visibility rule as everywhere else.
 */
export async function listNotificationsOf(
  db: Queryable,
  recipientId: string,
  listing: NotificationListing,
): Promise<{ notifications: NotificationJson[]; totalCount: number }> {
  const unacknowledgedOnly = listing.onlyUnacknowledged ? sql`and n.acknowledged_at is null` : sql.empty;

  // Each subject is looked up by a LATERAL subquery with `limit 1`, which PostgreSQL cannot
  // flatten into a join. Flattened, the planner filtered every row of `things` for visibility
  // and hash-joined the result with the page, instead of reading one row per notification.
  const rows = await db.query<NotificationRow>(sql`
    with ${visibilityCtes(recipientId)},
    page as materialized (
      select n.id, n.created_at, n.acknowledged_at, n.content_type, n.content
      from notifications n
      where n.recipient_id = ${recipientId} ${unacknowledgedOnly}
      order by n.created_at desc, n.id desc
      limit ${listing.page.perPage} offset ${offsetOf(listing.page)}
    )
    select p.id, p.created_at, p.acknowledged_at is not null as acknowledged, p.content_type, p.content,
      actor.id as actor_id, actor.name as actor_name,
      case
        when request.id is not null then 'friendRequest'
        when thing.id is not null then 'thing'
        when list.id is not null then 'list'
      end as subject_type,
      coalesce(request.id, thing.id, list.id) as subject_id,
      coalesce(request.other_side_name, thing.name, list.name) as subject_name
    from page p
    left join lateral (
      select request.id, request.receiver_id, other_side.name as other_side_name
      from friend_requests request
      join users other_side
        on other_side.id = case when request.sender_id = ${recipientId} then request.receiver_id else request.sender_id end
      where p.content_type in ('FRIEND_REQUEST', 'FRIEND_REQUEST_REACTION')
        and request.id = p.content ->> 'requestId'
        and ${recipientId} in (request.sender_id, request.receiver_id)
      limit 1
    ) request on true
    left join lateral (
      select thing.id, thing.name from things thing
      where p.content_type = 'THING_SHARED' and thing.id = p.content ->> 'thingId' and ${thingVisible(recipientId, "thing")}
      limit 1
    ) thing on true
    left join lateral (
      select list.id, list.name from lists list
      where p.content_type in ('LIST_SHARED', 'THINGS_ADDED_TO_LIST') and list.id = p.content ->> 'listId' and ${listVisible(recipientId, "list")}
      limit 1
    ) list on true
    left join users actor on actor.id = case p.content_type
      when 'FRIEND_REQUEST' then p.content ->> 'senderId'
      when 'FRIEND_REQUEST_REACTION' then request.receiver_id
      when 'THING_SHARED' then p.content ->> 'sharerId'
      when 'LIST_SHARED' then p.content ->> 'sharerId'
      when 'THINGS_ADDED_TO_LIST' then p.content ->> 'addedById'
    end
    order by p.created_at desc, p.id desc`);

  const count = await queryOne<{ total: number }>(db, sql`
    select count(*)::int as total from notifications n where n.recipient_id = ${recipientId} ${unacknowledgedOnly}`);
  return { notifications: rows.map(toNotificationJson), totalCount: count?.total ?? 0 };
}

function toNotificationJson(row: NotificationRow): NotificationJson {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    acknowledged: row.acknowledged,
    contentType: row.content_type,
    content: row.content,
    actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name! },
    subject: row.subject_type === null ? null : { type: row.subject_type, id: row.subject_id!, name: row.subject_name! },
  };
}
