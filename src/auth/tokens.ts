import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { SigningKey } from "./signing-key.ts";

/**
 * Session tokens, claim for claim as the original issues them (`iss: "inventory"`, `sub` naming
 * the token's purpose, integer `exp`/`nbf`/`iat`), plus `epoch`: the user's session epoch when
 * the token was issued. Bumping the epoch in the database (logout, password change or reset,
 * deletion) invalidates every earlier token. Tokens from the original carry no epoch and count
 * as epoch 0, so sessions survive an adoption.
 *
 * Unlike the original, the purpose is checked on every verification: an access token is never
 * accepted as a refresh token, and an OIDC link challenge is never accepted as either.
 */
export type TokenPurpose = "access" | "refresh" | "oidc-link-challenge";

export const accessTokenSeconds = 6 * 60 * 60;
export const refreshTokenSeconds = 7 * 24 * 60 * 60;
const issuer = "inventory";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  sessionEpoch: number;
}

export interface AccessClaims {
  userId: string;
  email: string;
  name: string;
  epoch: number;
}

export interface RefreshClaims {
  userId: string;
  epoch: number;
}

export interface IssuedToken {
  token: string;
  /** The same claims as an unsigned `alg: none` JWT, which the web app reads to learn its state. */
  info: string;
  expiresAt: Date;
}

function unsignedCopy(claims: JWTPayload): string {
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${header}.${payload}.`;
}

async function issue(key: SigningKey, purpose: TokenPurpose, claims: Record<string, unknown>, lifetimeSeconds: number, now: Date): Promise<IssuedToken> {
  const iat = Math.floor(now.getTime() / 1000);
  const payload: JWTPayload = { ...claims, iss: issuer, sub: purpose, exp: iat + lifetimeSeconds, nbf: iat, iat };
  const token = await new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", typ: "JWT" }).sign(key.privateKey);
  return { token, info: unsignedCopy(payload), expiresAt: new Date((iat + lifetimeSeconds) * 1000) };
}

export function issueAccessToken(key: SigningKey, user: SessionUser, now: Date): Promise<IssuedToken> {
  return issue(key, "access", { userId: user.id, email: user.email, name: user.name, epoch: user.sessionEpoch }, accessTokenSeconds, now);
}

export function issueRefreshToken(key: SigningKey, user: SessionUser, now: Date): Promise<IssuedToken> {
  return issue(key, "refresh", { userId: user.id, epoch: user.sessionEpoch }, refreshTokenSeconds, now);
}

/**
 * Sign a short-lived token for another purpose (the OIDC link challenge). Password reset
 * tokens are random values stored as hashes instead, so that using one can mark it used.
 */
export async function issuePurposeToken(key: SigningKey, purpose: TokenPurpose, claims: Record<string, unknown>, lifetimeSeconds: number, now: Date): Promise<string> {
  return (await issue(key, purpose, claims, lifetimeSeconds, now)).token;
}

// Verified payloads per key and token. An Ed25519 verification costs about a tenth of a
// millisecond, which was a third of the time of an authenticated request that does little
// else; a token's signature cannot change, so only the time checks are repeated on a hit.
const verifiedPayloads = new WeakMap<SigningKey["publicKey"], Map<string, JWTPayload>>();
const maxCachedPayloads = 10_000;

function timeValid(payload: JWTPayload, now: Date): boolean {
  const seconds = Math.floor(now.getTime() / 1000);
  return typeof payload.exp === "number" && payload.exp > seconds && (typeof payload.nbf !== "number" || payload.nbf <= seconds);
}

/**
 * Verify signature, algorithm, issuer, purpose, `exp` and `nbf` (no leeway: both sides are our
 * own clock). Returns undefined for any token that fails, so callers treat it as absent.
 */
export async function verifyToken(key: SigningKey, token: string, purpose: TokenPurpose, now: Date): Promise<JWTPayload | undefined> {
  let cache = verifiedPayloads.get(key.publicKey);
  if (!cache) {
    cache = new Map();
    verifiedPayloads.set(key.publicKey, cache);
  }
  const cacheKey = `${purpose} ${token}`;
  const cached = cache.get(cacheKey);
  if (cached) return timeValid(cached, now) ? cached : undefined;

  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ["EdDSA"],
      issuer,
      subject: purpose,
      currentDate: now,
    });
    // A full cache is emptied rather than tracked entry by entry: refilling costs one verification per active token.
    if (cache.size >= maxCachedPayloads) cache.clear();
    cache.set(cacheKey, payload);
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return undefined;
    throw error;
  }
}

function epochOf(payload: JWTPayload): number {
  return typeof payload.epoch === "number" && Number.isInteger(payload.epoch) ? payload.epoch : 0;
}

export async function verifyAccessToken(key: SigningKey, token: string, now: Date): Promise<AccessClaims | undefined> {
  const payload = await verifyToken(key, token, "access", now);
  if (!payload || typeof payload.userId !== "string" || payload.userId === "") return undefined;
  return {
    userId: payload.userId,
    email: typeof payload.email === "string" ? payload.email : "",
    name: typeof payload.name === "string" ? payload.name : "",
    epoch: epochOf(payload),
  };
}

export async function verifyRefreshToken(key: SigningKey, token: string, now: Date): Promise<RefreshClaims | undefined> {
  const payload = await verifyToken(key, token, "refresh", now);
  if (!payload || typeof payload.userId !== "string" || payload.userId === "") return undefined;
  return { userId: payload.userId, epoch: epochOf(payload) };
}
