// Every message the server sends, as functions of plain data that return `{subject, body}` in
// plain text. Pass them to `notify({ mail })` or `enqueueMail`; `site` is the configuration.
export { deletionScheduledMail, emailVerificationLink, emailVerificationMail, formatMailTime } from "./account-mails.ts";
export type { MailContent, MailSite } from "./compose.ts";
export { friendRequestMail, friendRequestReactionMail } from "./friend-mails.ts";
export { passwordResetLink, passwordResetMail } from "../../accounts/mail-templates/password-reset.ts";
export { listSharedMail, thingSharedMail, thingsAddedToListMail } from "./share-mails.ts";
