import { expect } from "bun:test";
import { accessCookie } from "../auth/cookies.ts";
import { issueAccessToken, issueRefreshToken, type SessionUser } from "../auth/tokens.ts";
import { sql } from "../db/sql.ts";
import type { TestApp } from "./app.ts";
import { createTestUser } from "./users.ts";

export interface ProtectedRoute {
  method: string;
  path: string;
  /** JSON body sent with every check (it never gets past authentication). */
  body?: unknown;
}

const sixHoursAndASecond = (6 * 60 * 60 + 1) * 1000;

async function sessionUserOf(t: TestApp): Promise<SessionUser> {
  const user = await createTestUser(t);
  return { id: user.id, name: user.name, email: user.email, sessionEpoch: 0 };
}

const cookieFor = (token: string) => `${accessCookie}=${token}`;

/**
 * Assert that a route needs a valid session and rejects cross-site writes. Each check uses a
 * new user:
 * - no cookie → 401;
 * - an access token that expired a second ago → 401;
 * - a refresh token sent as the access token → 401;
 * - a token issued before the user's session epoch moved (logout, password change) → 401;
 * - a state-changing request with the `Origin` of another site and a form content type, as a
 *   hostile page's form would send it, with a valid session → 403 (skipped for GET and HEAD);
 * - a valid session → neither 401 nor 403, so the checks above did not pass by accident.
 *
 * A failure shows the status of every check side by side with the expected one.
 */
export async function expectSessionRequired(t: TestApp, route: ProtectedRoute): Promise<void> {
  const send = (cookie?: string, headers?: Record<string, string>) =>
    t.request(route.method, route.path, { body: route.body, cookie, headers }).then((response) => response.status);
  const now = t.clock.now();

  const expiredUser = await sessionUserOf(t);
  const expired = await issueAccessToken(t.deps.signingKey, expiredUser, new Date(now.getTime() - sixHoursAndASecond));

  const confusedUser = await sessionUserOf(t);
  const refresh = await issueRefreshToken(t.deps.signingKey, confusedUser, now);

  const revokedUser = await sessionUserOf(t);
  const revoked = await issueAccessToken(t.deps.signingKey, revokedUser, now);
  await t.db.query(sql`update users set session_epoch = session_epoch + 1 where id = ${revokedUser.id}`);

  const validUser = await sessionUserOf(t);
  const valid = cookieFor((await issueAccessToken(t.deps.signingKey, validUser, now)).token);

  const observed: Record<string, number | string> = {
    anonymous: await send(),
    expiredAccessToken: await send(cookieFor(expired.token)),
    refreshTokenAsAccessToken: await send(cookieFor(refresh.token)),
    tokenOfEndedSession: await send(cookieFor(revoked.token)),
  };
  const expected: Record<string, number | string> = { anonymous: 401, expiredAccessToken: 401, refreshTokenAsAccessToken: 401, tokenOfEndedSession: 401 };

  if (route.method !== "GET" && route.method !== "HEAD") {
    const crossSite = await t.request(route.method, route.path, {
      body: "anything=1",
      cookie: valid,
      headers: { origin: "https://attacker.example", "content-type": "application/x-www-form-urlencoded" },
    });
    observed.crossSiteFormPost = crossSite.status;
    expected.crossSiteFormPost = 403;
  }

  const validStatus = await send(valid);
  observed.validSession = validStatus === 401 || validStatus === 403 ? validStatus : "neither 401 nor 403";
  expected.validSession = "neither 401 nor 403";

  expect(observed).toEqual(expected);
}
