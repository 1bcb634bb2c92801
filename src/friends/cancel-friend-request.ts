import type { Database } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import { notPendingMessage } from "./react-to-friend-request.ts";

/**
 * Withdraw a pending friend request as its sender: the request is deleted, and so is the
 * receiver's notification about it, which would otherwise point at nothing. The receiver gets
 * a 403, anyone else a 404; an accepted or rejected request cannot be withdrawn (409). An accepted
 * request is the record of a friendship, and a rejected one starts the cooling-off period.
 */
export async function cancelFriendRequest(db: Database, viewerId: string, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const request = await queryOne<{ sender_id: string; receiver_id: string }>(tx, sql`
      select sender_id, receiver_id from friend_requests
      where id = ${requestId} and (sender_id = ${viewerId} or receiver_id = ${viewerId})`);
    if (!request) throw notFound("FriendRequest");
    if (request.sender_id !== viewerId) throw forbidden("Only the sender of a friend request can cancel it");

    // Conditional on the state, so an accept or reject committed after the read above wins.
    const deleted = await tx.query(sql`
      delete from friend_requests
      where id = ${requestId} and sender_id = ${viewerId} and state = 'pending'
      returning id`);
    if (deleted.length === 0) throw conflict(notPendingMessage);

    await tx.query(sql`
      delete from notifications
      where recipient_id = ${request.receiver_id}
        and content_type = 'FRIEND_REQUEST'
        and content ->> 'requestId' = ${requestId}`);
  });
}
