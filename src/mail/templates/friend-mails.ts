import { composeBody, oneLine, subjectLine, type MailContent, type MailSite } from "./compose.ts";

/** Render the message to the receiver of a new friend request. */
export function friendRequestMail(site: MailSite, input: { recipientName: string; senderName: string }): MailContent {
  return {
    subject: subjectLine(site, "You have a new friend request"),
    body: composeBody(site, input.recipientName, [
      `${oneLine(input.senderName)} would like to be your friend. To accept or decline the request, go to ${site.frontendUrl}/friends`,
    ]),
  };
}

/** Render the message to the sender of a friend request, once the receiver has accepted or declined it. */
export function friendRequestReactionMail(
  site: MailSite,
  input: { recipientName: string; reactingUserName: string; accepted: boolean },
): MailContent {
  const reactingUser = oneLine(input.reactingUserName);
  const verb = input.accepted ? "accepted" : "declined";
  const next = input.accepted
    ? `You can now see what ${reactingUser} shares with friends at ${site.frontendUrl}/things`
    : `You can find your other friend requests at ${site.frontendUrl}/friends`;
  return {
    subject: subjectLine(site, `${reactingUser} ${verb} your friend request`),
    body: composeBody(site, input.recipientName, [`${reactingUser} ${verb} your friend request.`, next]),
  };
}
