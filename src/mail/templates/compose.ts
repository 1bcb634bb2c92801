/** The instance facts every message uses: its name (subject prefix) and the web app's URL. */
export interface MailSite {
  instanceName: string;
  frontendUrl: string;
}

/** A rendered message: plain text, never HTML-escaped. */
export interface MailContent {
  subject: string;
  body: string;
}

/** Control characters, CR and LF included, which could end a header line or garble a line of text. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Replace control characters in user-supplied text with spaces, so it fits on one line. */
export function oneLine(text: string): string {
  return text.replace(controlCharacters, " ").replace(/ {2,}/g, " ").trim();
}

/** `[<instanceName>] <text>`, on one line whatever the names in it contain. */
export function subjectLine(site: MailSite, text: string): string {
  return oneLine(`[${site.instanceName}] ${text}`);
}

/** Join paragraphs with blank lines, add the greeting and the signature. */
export function composeBody(site: MailSite, recipientName: string, paragraphs: readonly string[]): string {
  return [`Hello ${oneLine(recipientName)},`, ...paragraphs, `-- \n${oneLine(site.instanceName)}`].join("\n\n") + "\n";
}
