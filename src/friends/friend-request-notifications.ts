import type { Queryable } from "../db/database.ts";
import { notify } from "../notifications/notify.ts";
import type { FriendRequestJson } from "./friend-request-json.ts";

/** Tell the receiver about a new request, in the app and by e-mail (queued, sent after commit). */
export async function notifyFriendRequestSent(tx: Queryable, request: FriendRequestJson): Promise<void> {
  await notify(tx, {
    recipients: [request.receiver.id],
    actorId: request.sender.id,
    payload: { contentType: "FRIEND_REQUEST", content: { requestId: request.id, senderId: request.sender.id } },
    // NOTE: integration point: pass `mail` rendered by friendRequestMail from src/mail/templates once it is on main; until then no e-mail is queued.
  });
}

/**
 * Tell the sender that the receiver accepted or rejected their request. The receiver is the
 * actor, so they get no notification about it.
 */
export async function notifyFriendRequestReaction(tx: Queryable, request: FriendRequestJson): Promise<void> {
  await notify(tx, {
    recipients: [request.sender.id],
    actorId: request.receiver.id,
    payload: {
      contentType: "FRIEND_REQUEST_REACTION",
      content: { requestId: request.id, accepted: request.state === "accepted" },
    },
    // NOTE: integration point: pass `mail` rendered by friendRequestReactionMail from src/mail/templates once it is on main; until then no e-mail is queued.
  });
}
