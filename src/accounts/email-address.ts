/**
 * A deliberately loose check of an e-mail address: one `@`, a non-empty local part, a domain
 * of dot-separated labels, and no spaces, control characters or characters that need quoting.
 * Non-ASCII letters are allowed on both sides, as the original allowed them; whether an
 * address really receives mail is what e-mail verification finds out.
 */
const emailPattern = /^[^\s@"(),:;<>[\]\\\p{Cc}]+@(?:[^\s@"(),:;<>[\]\\.\p{Cc}]+\.)*[^\s@"(),:;<>[\]\\.\p{Cc}]+\.?$/u;

export const maxEmailLength = 255;

export function isValidEmailAddress(address: string): boolean {
  const [local = ""] = address.split("@");
  return emailPattern.test(address) && !local.startsWith(".") && !local.endsWith(".") && !local.includes("..");
}
