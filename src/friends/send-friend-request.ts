import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { violatedConstraint } from "../http/database-errors.ts";
import { AppError, conflict, invalidInput, notFound } from "../http/errors.ts";
import type { MailSite } from "../mail/templates/index.ts";
import { closePendingFriendRequest } from "./react-to-friend-request.ts";
import { alreadyFriendsMessage, pendingRequestExistsMessage, rethrowAsFriendError } from "./friend-constraint-errors.ts";
import { queryFriendRequest, selectFriendRequestFrom, type FriendRequestJson } from "./friend-request-json.ts";
import { notifyFriendRequestSent } from "./friend-request-notifications.ts";
import type { FriendsContext } from "./friends-context.ts";

/** How long a sender waits after a rejection before asking the same person again. */
export const defaultCoolingOffMs = 7 * 24 * 60 * 60 * 1000;

export interface SentFriendRequest {
  request: FriendRequestJson;
  /**
   * True when the receiver had already asked the sender: their request was accepted instead
   * of creating a second one, and the two are friends now.
   */
  acceptedCrossingRequest: boolean;
}

interface PairState {
  receiver_exists: boolean;
  friends: boolean;
  crossing_request_id: string | null;
  same_direction_pending: boolean;
  last_rejected_at: Date | null;
}

/** Thrown inside the transaction when a concurrent change made the decision stale. */
class PairChangedMeanwhile extends Error {}

// A retry reads the row the other transaction committed, so two attempts settle a race between
// two requests. The third covers a request that was cancelled and sent again in between.
const maxAttempts = 3;

/**
 * Send a friend request from `senderId` to `receiverId`.
 *
 * - unknown receiver or one scheduled for deletion: 404 `user not found`;
 * - to oneself: 400; already friends: 409 `already friends`;
 * - the receiver already asked the sender: that request is accepted instead, so crossing
 *   requests end in one friendship;
 * - a pending request in the same direction: 409 `A pending request already exists`;
 * - the receiver rejected the sender's last request less than `coolingOffMs` ago: 429 naming
 *   the time from which asking again is allowed.
 *
 * Two crossing requests sent at the same moment both pass the checks. The unique index on
 * pending requests per pair then stops the second insert, and the retry accepts the first.
 *
 * NOTE: nothing limits how often a sender cancels and sends again, and every new request notifies
 * and e-mails the receiver again.
 */
export async function sendFriendRequest(
  context: FriendsContext,
  senderId: string,
  receiverId: string,
  coolingOffMs = defaultCoolingOffMs,
): Promise<SentFriendRequest> {
  if (senderId === receiverId) {
    throw invalidInput("receiverId: you cannot send a friend request to yourself", "receiverId");
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await context.db.transaction((tx) =>
        sendOnce(tx, context.config, context.clock.now(), senderId, receiverId, coolingOffMs),
      );
    } catch (error) {
      const retryable = error instanceof PairChangedMeanwhile || violatedConstraint(error) === "friend_requests_pending_pair_key";
      if (retryable && attempt < maxAttempts) continue;
      if (error instanceof PairChangedMeanwhile) throw conflict(pendingRequestExistsMessage);
      rethrowAsFriendError(error);
    }
  }
}

async function sendOnce(
  tx: Queryable,
  site: MailSite,
  now: Date,
  senderId: string,
  receiverId: string,
  coolingOffMs: number,
): Promise<SentFriendRequest> {
  const state = await readPairState(tx, senderId, receiverId);
  if (!state.receiver_exists) throw notFound("user");
  if (state.friends) throw conflict(alreadyFriendsMessage);

  if (state.crossing_request_id !== null) {
    const accepted = await closePendingFriendRequest(tx, site, state.crossing_request_id, senderId, true, now);
    if (!accepted) throw new PairChangedMeanwhile();
    return { request: accepted, acceptedCrossingRequest: true };
  }

  if (state.same_direction_pending) throw conflict(pendingRequestExistsMessage);
  if (state.last_rejected_at !== null) {
    const allowedFrom = new Date(state.last_rejected_at.getTime() + coolingOffMs);
    if (allowedFrom > now) {
      throw new AppError(
        "rate_limited",
        `this user rejected your last friend request; you can send a new one from ${allowedFrom.toISOString()}`,
        { retryAfterSeconds: (allowedFrom.getTime() - now.getTime()) / 1000 },
      );
    }
  }

  const request = await queryFriendRequest(tx, sql`
    with created as (
      insert into friend_requests (id, sender_id, receiver_id, state, created_at, updated_at)
      values (${newId()}, ${senderId}, ${receiverId}, 'pending', ${now}, ${now})
      returning *
    )
    ${selectFriendRequestFrom("created")}`);
  await notifyFriendRequestSent(tx, site, request!);
  return { request: request!, acceptedCrossingRequest: false };
}

function readPairState(tx: Queryable, senderId: string, receiverId: string): Promise<PairState> {
  // The friendship test spells out the expressions of the pair's unique index so it can use it.
  return queryOne<PairState>(tx, sql`
    select
      exists (select 1 from users where id = ${receiverId} and purge_at is null) as receiver_exists,
      exists (
        select 1 from friendships
        where least(friend1_id, friend2_id) = least(${senderId}::text, ${receiverId}::text)
          and greatest(friend1_id, friend2_id) = greatest(${senderId}::text, ${receiverId}::text)
      ) as friends,
      (select id from friend_requests
        where sender_id = ${receiverId} and receiver_id = ${senderId} and state = 'pending') as crossing_request_id,
      exists (
        select 1 from friend_requests
        where sender_id = ${senderId} and receiver_id = ${receiverId} and state = 'pending'
      ) as same_direction_pending,
      (select max(updated_at) from friend_requests
        where sender_id = ${senderId} and receiver_id = ${receiverId} and state = 'rejected') as last_rejected_at`) as Promise<PairState>;
}
