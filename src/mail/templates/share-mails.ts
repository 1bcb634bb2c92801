import { composeBody, oneLine, subjectLine, type MailContent, type MailSite } from "./compose.ts";

/** Link to a page of the web app. Ids are ours, but encoding keeps the link whole whatever they hold. */
function pageUrl(site: MailSite, kind: "things" | "lists", id: string): string {
  return `${site.frontendUrl}/${kind}/${encodeURIComponent(id)}`;
}

function quoted(name: string | undefined): string {
  return name === undefined ? "" : ` "${oneLine(name)}"`;
}

/** Render the message to a user a thing was shared with directly. */
export function thingSharedMail(site: MailSite, input: { recipientName: string; sharerName: string; thingId: string; thingName?: string }): MailContent {
  return {
    subject: subjectLine(site, "A thing has been shared with you"),
    body: composeBody(site, input.recipientName, [
      `${oneLine(input.sharerName)} shared the thing${quoted(input.thingName)} with you. See it at ${pageUrl(site, "things", input.thingId)}`,
    ]),
  };
}

/** Render the message to a user a list was shared with directly. */
export function listSharedMail(site: MailSite, input: { recipientName: string; sharerName: string; listId: string; listName?: string }): MailContent {
  return {
    subject: subjectLine(site, "A list has been shared with you"),
    body: composeBody(site, input.recipientName, [
      `${oneLine(input.sharerName)} shared the list${quoted(input.listName)} with you. See it at ${pageUrl(site, "lists", input.listId)}`,
    ]),
  };
}

/** Render the message to a user who can see a list, when its owner adds things to it. */
export function thingsAddedToListMail(site: MailSite, input: { recipientName: string; ownerName: string; listId: string; listName?: string }): MailContent {
  const owner = oneLine(input.ownerName);
  return {
    subject: subjectLine(site, `${owner} added things to a list`),
    body: composeBody(site, input.recipientName, [
      `${owner} added new things to the list${quoted(input.listName)}, which is shared with you. See them at ${pageUrl(site, "lists", input.listId)}`,
    ]),
  };
}
