import type { Queryable } from "../db/database.ts";
import { friendRequestMail, friendRequestReactionMail, type MailSite } from "../mail/templates/index.ts";
import { notify } from "../notifications/notify.ts";
import type { FriendRequestJson } from "./friend-request-json.ts";

/** Tell the receiver about a new request, in the app and by e-mail (queued, sent after commit). */
export async function notifyFriendRequestSent(tx: Queryable, site: MailSite, request: FriendRequestJson): Promise<void> {
  await notify(tx, {
    recipients: [request.receiver.id],
    actorId: request.sender.id,
    payload: { contentType: "FRIEND_REQUEST", content: { requestId: request.id, senderId: request.sender.id } },
    mail: (recipient) => friendRequestMail(site, { recipientName: recipient.name, senderName: request.sender.name }),
  });
}

/**
 * Tell the sender that the receiver accepted or rejected their request, in the app and by
 * e-mail. The receiver is the actor, so they get no notification about it.
 */
export async function notifyFriendRequestReaction(tx: Queryable, site: MailSite, request: FriendRequestJson): Promise<void> {
  const accepted = request.state === "accepted";
  await notify(tx, {
    recipients: [request.sender.id],
    actorId: request.receiver.id,
    payload: { contentType: "FRIEND_REQUEST_REACTION", content: { requestId: request.id, accepted } },
    mail: (recipient) =>
      friendRequestReactionMail(site, { recipientName: recipient.name, reactingUserName: request.receiver.name, accepted }),
  });
}
