import addressparser from "nodemailer/lib/addressparser";

export interface FromAddress {
  /** Display name, empty when the setting is a bare address. */
  name: string;
  /** The mailbox alone, for the SMTP envelope (`MAIL FROM:<address>`). */
  address: string;
}

/**
 * Split `email.fromAddr` into display name and mailbox. Both `noreply@example.com` and
 * `StashSphere <noreply@example.com>` are accepted; the original put the whole setting into
 * the envelope, which strict servers reject for the second form. Returns undefined unless the
 * text is exactly one mailbox with an `@`.
 */
export function parseFromAddress(text: string): FromAddress | undefined {
  const entries = addressparser(text);
  if (entries.length !== 1) return undefined;
  const [entry] = entries;
  if (!entry || entry.group || !/^[^\s@<>]+@[^\s@<>]+$/.test(entry.address)) return undefined;
  return { name: entry.name, address: entry.address };
}
