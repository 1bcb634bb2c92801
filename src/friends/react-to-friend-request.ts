import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import type { MailSite } from "../mail/templates/index.ts";
import { rethrowAsFriendError } from "./friend-constraint-errors.ts";
import { queryFriendRequest, selectFriendRequestFrom, type FriendRequestJson } from "./friend-request-json.ts";
import { notifyFriendRequestReaction } from "./friend-request-notifications.ts";
import type { FriendsContext } from "./friends-context.ts";

export const notPendingMessage = "Friend request not pending";

/**
 * Move a pending request to accepted or rejected on behalf of its receiver and, on accept,
 * create the friendship, mark the receiver's notification about the request read, then notify
 * the sender. Returns undefined, changing nothing, when the
 * request is no longer pending.
 *
 * The update is conditional on `state = 'pending'`, so of two concurrent reactions the second
 * waits for the first to commit, then finds the request no longer pending and changes nothing.
 * One request therefore never produces two friendships.
 */
export async function closePendingFriendRequest(
  tx: Queryable,
  site: MailSite,
  requestId: string,
  receiverId: string,
  accept: boolean,
  now: Date,
): Promise<FriendRequestJson | undefined> {
  const newState = accept ? "accepted" : "rejected";
  const request = await queryFriendRequest(tx, sql`
    with reacted as (
      update friend_requests
      set state = ${newState}::friend_request_state, updated_at = ${now}
      where id = ${requestId} and receiver_id = ${receiverId} and state = 'pending'
      returning *
    )
    ${selectFriendRequestFrom("reacted")}`);
  if (!request) return undefined;

  if (accept) {
    // The receiver is friend1, as the original stored it; the pair's unique index ignores order.
    await tx.query(sql`
      insert into friendships (friend1_id, friend2_id, friend_request_id, created_at)
      values (${receiverId}, ${request.sender.id}, ${requestId}, ${now})`);
  }
  // The request is settled, so the receiver's notification about it has nothing left to act on.
  await tx.query(sql`
    update notifications set acknowledged_at = ${now}
    where recipient_id = ${receiverId} and content_type = 'FRIEND_REQUEST'
      and content ->> 'requestId' = ${requestId} and acknowledged_at is null`);
  await notifyFriendRequestReaction(tx, site, request);
  return request;
}

/**
 * Accept or reject a friend request as `viewerId`. Only its receiver may do so (the sender gets
 * a 403, anyone else a 404), and only while it is pending (else a 409).
 */
export async function reactToFriendRequest(
  context: FriendsContext,
  viewerId: string,
  requestId: string,
  accept: boolean,
): Promise<FriendRequestJson> {
  try {
    return await context.db.transaction(async (tx) => {
      const request = await queryOne<{ receiver_id: string }>(tx, sql`
        select receiver_id from friend_requests
        where id = ${requestId} and (sender_id = ${viewerId} or receiver_id = ${viewerId})`);
      if (!request) throw notFound("FriendRequest");
      if (request.receiver_id !== viewerId) throw forbidden("Only the receiver of a friend request can accept or reject it");

      const closed = await closePendingFriendRequest(tx, context.config, requestId, viewerId, accept, context.clock.now());
      if (!closed) throw conflict(notPendingMessage);
      return closed;
    });
  } catch (error) {
    rethrowAsFriendError(error);
  }
}
