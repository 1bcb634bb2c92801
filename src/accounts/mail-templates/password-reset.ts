/** The instance facts the message needs, from the configuration. */
export interface PasswordResetMailSite {
  instanceName: string;
  frontendUrl: string;
}

/** Control characters (CR and LF included) in names would break the subject line or the text. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

function oneLine(text: string): string {
  return text.replace(controlCharacters, " ").replace(/ {2,}/g, " ").trim();
}

/** Build the link to the web app's reset page. The token is in the fragment, which browsers never send to a server. */
export function passwordResetLink(site: PasswordResetMailSite, token: string): string {
  return `${site.frontendUrl}/user/reset-password#${token}`;
}

/** Render the plain-text message with the link that sets a new password. No HTML escaping: it is not HTML. */
export function passwordResetMail(
  site: PasswordResetMailSite,
  input: { recipientName: string; token: string; validMinutes: number },
): { subject: string; body: string } {
  const paragraphs = [
    `Hello ${oneLine(input.recipientName)},`,
    `someone asked to reset the password of your account at ${oneLine(site.instanceName)}. To choose a new password, open this link:`,
    passwordResetLink(site, input.token),
    `The link works once and expires in ${input.validMinutes} minutes. Setting a new password signs you out on every device.`,
    "If you did not ask for this, ignore this message: your password stays as it is.",
    `-- \n${oneLine(site.instanceName)}`,
  ];
  return { subject: oneLine(`[${site.instanceName}] Reset your password`), body: `${paragraphs.join("\n\n")}\n` };
}
