import { composeBody, oneLine, subjectLine, type MailContent, type MailSite } from "../../mail/templates/compose.ts";

/** Build the link to the web app's reset page. The token is in the fragment, which browsers never send to a server. */
export function passwordResetLink(site: MailSite, token: string): string {
  return `${site.frontendUrl}/user/reset-password#${token}`;
}

/** Render the message with the link that sets a new password (plain text, never HTML-escaped). */
export function passwordResetMail(site: MailSite, input: { recipientName: string; token: string; validMinutes: number }): MailContent {
  return {
    subject: subjectLine(site, "Reset your password"),
    body: composeBody(site, input.recipientName, [
      `Someone asked to reset the password of your account at ${oneLine(site.instanceName)}. To choose a new password, open this link:`,
      passwordResetLink(site, input.token),
      `The link works once and expires in ${input.validMinutes} minutes. Setting a new password signs you out on every device.`,
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ]),
  };
}
