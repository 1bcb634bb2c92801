import { composeBody, oneLine, subjectLine, type MailContent, type MailSite } from "./compose.ts";

const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `February 8, 2026 at 09:30 UTC`: the form the original's mails used, always in UTC. */
export function formatMailTime(time: Date): string {
  const hours = String(time.getUTCHours()).padStart(2, "0");
  const minutes = String(time.getUTCMinutes()).padStart(2, "0");
  return `${months[time.getUTCMonth()]} ${time.getUTCDate()}, ${time.getUTCFullYear()} at ${hours}:${minutes} UTC`;
}

/**
 * Build the link that fills in the code on the web app's verification page. The code travels in
 * the fragment, which browsers never send to a server, so it stays out of access logs.
 */
export function emailVerificationLink(site: MailSite, code: string): string {
  return `${site.frontendUrl}/user/verify-email#${code}`;
}

/** Render the message with the code that confirms a user's e-mail address (on registration and on request). */
export function emailVerificationMail(
  site: MailSite,
  input: { recipientName: string; email: string; code: string; validMinutes: number },
): MailContent {
  return {
    subject: subjectLine(site, "Please verify your e-mail address"),
    body: composeBody(site, input.recipientName, [
      `To confirm that ${input.email} is your e-mail address, enter this code on your profile page:`,
      `    ${input.code}`,
      `Or open this link while you are signed in:\n${emailVerificationLink(site, input.code)}`,
      `The code expires in ${input.validMinutes} minutes. If you did not ask for it, you can ignore this message.`,
    ]),
  };
}

/** Render the message sent once when a user schedules the deletion of their account. */
export function deletionScheduledMail(site: MailSite, input: { recipientName: string; purgeAt: Date }): MailContent {
  return {
    subject: subjectLine(site, "Your account is scheduled for deletion"),
    body: composeBody(site, input.recipientName, [
      `Your account at ${oneLine(site.instanceName)} will be deleted for good on ${formatMailTime(input.purgeAt)}.`,
      "All your things, lists, images and friendships will then be gone and cannot be restored.",
      `If you did not mean to delete your account, sign in at ${site.frontendUrl} and cancel the deletion in your profile settings before then.`,
    ]),
  };
}
