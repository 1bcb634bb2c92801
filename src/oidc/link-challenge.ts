import type { SigningKey } from "../auth/signing-key.ts";
import { issuePurposeToken, verifyToken } from "../auth/tokens.ts";
import { loginAttemptSeconds } from "./login-cookies.ts";

/**
 * A provider login whose verified e-mail address belongs to an account with a password. The
 * challenge is a token signed with the session key and purpose `oidc-link-challenge`, which
 * verification of access and refresh tokens rejects. It names the account, so a later change
 * of that account's address voids the challenge.
 */
export interface LinkChallenge {
  userId: string;
  email: string;
  provider: string;
  subject: string;
}

export function issueLinkChallenge(key: SigningKey, challenge: LinkChallenge, now: Date): Promise<string> {
  return issuePurposeToken(key, "oidc-link-challenge", { ...challenge }, loginAttemptSeconds, now);
}

/** The challenge, or undefined when the token is forged, expired or for another purpose. */
export async function readLinkChallenge(key: SigningKey, token: string, now: Date): Promise<LinkChallenge | undefined> {
  const payload = await verifyToken(key, token, "oidc-link-challenge", now);
  if (!payload) return undefined;
  const { userId, email, provider, subject } = payload;
  if (typeof userId !== "string" || typeof email !== "string" || typeof provider !== "string" || typeof subject !== "string") return undefined;
  return { userId, email, provider, subject };
}
