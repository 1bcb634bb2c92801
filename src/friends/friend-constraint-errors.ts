import { sqlState, violatedConstraint } from "../http/database-errors.ts";
import { AppError, conflict, invalidInput, notFound } from "../http/errors.ts";

export const alreadyFriendsMessage = "already friends";
export const pendingRequestExistsMessage = "A pending request already exists";

/**
 * The friend graph's rules live in the schema, so a race that slips past our checks ends in a
 * constraint violation. Each one maps to the error the check would have given.
 */
const errorForConstraint: Record<string, () => AppError> = {
  friendships_pkey: () => conflict(alreadyFriendsMessage),
  friendships_pair_key: () => conflict(alreadyFriendsMessage),
  friendships_two_users_check: () => invalidInput("friendId: you cannot be your own friend", "friendId"),
  friend_requests_pending_pair_key: () => conflict(pendingRequestExistsMessage),
  friend_requests_two_users_check: () => invalidInput("receiverId: you cannot send a friend request to yourself", "receiverId"),
  friend_requests_sender_id_fkey: () => notFound("user"),
  friend_requests_receiver_id_fkey: () => notFound("user"),
  friendships_friend1_id_fkey: () => notFound("user"),
  friendships_friend2_id_fkey: () => notFound("user"),
};

/** Integrity violations (SQLSTATE class 23) are the only database errors a client can cause. */
export function friendConstraintError(error: unknown): AppError | undefined {
  if (!sqlState(error)?.startsWith("23")) return undefined;
  const constraint = violatedConstraint(error);
  return constraint === undefined ? undefined : errorForConstraint[constraint]?.();
}

/** Rethrow a database error as the client error its constraint stands for, or unchanged. */
export function rethrowAsFriendError(error: unknown): never {
  throw friendConstraintError(error) ?? error;
}
