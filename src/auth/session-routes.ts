import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError, errorBody } from "../http/errors.ts";
import { objectMessage, readJsonBody } from "../http/validation.ts";
import { readCookie, refreshCookie } from "./cookies.ts";
import { findCredentialsById } from "./credentials.ts";
import { limits } from "./limits.ts";
import { createClientAddressResolver } from "./client-address.ts";
import { checkLogin } from "./login.ts";
import { maxPasswordBytes } from "./password-policy.ts";
import { byClientAddress, emailRateLimitSubject, enforceRateLimit, rateLimit } from "./rate-limit.ts";
import { bumpSessionEpoch, clearSessionCookies, setSessionCookies } from "./session.ts";
import { verifyRefreshToken } from "./tokens.ts";

export const loginSchema = v.object({
  email: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty"), v.maxLength(1024, "must be at most 1024 characters")),
  password: v.pipe(
    v.string("must be a string"),
    v.minLength(1, "must not be empty"),
    v.check((password) => new TextEncoder().encode(password).length <= maxPasswordBytes, `must be at most ${maxPasswordBytes} bytes long`),
  ),
}, objectMessage);

/**
 * `POST /login`, `POST /refresh` and `DELETE /logout` under `/api/user`. Success is 200 with
 * an empty body; login and refresh add the four session cookies, logout removes them.
 */
export function sessionRoutes(deps: AppDeps) {
  const perAddress = byClientAddress(deps);
  const clientAddressOf = createClientAddressResolver(deps);

  return new Hono<AppEnv>()
    .post("/login", rateLimit(deps, { ...limits.loginPerAddress, key: perAddress }), async (c) => {
      const { email, password } = await readJsonBody(c, loginSchema);
      await enforceRateLimit(deps, limits.loginPerAccount, emailRateLimitSubject(email));

      const outcome = await checkLogin(deps.db, email, password);
      if (!outcome.ok) {
        // With the address, operators can feed repeated failures to a blocker such as fail2ban.
        c.get("log").info("login failed", { reason: outcome.reason, userId: outcome.userId, clientAddress: clientAddressOf(c) });
        const message = outcome.reason === "no-password"
          ? "this account has no password; sign in with the provider you registered with"
          : "wrong e-mail or password";
        throw new AppError("unauthenticated", message);
      }
      await setSessionCookies(c, deps, outcome.user);
      return c.body(null, 200);
    })

    .post("/refresh", rateLimit(deps, { ...limits.refreshPerAddress, key: perAddress }), async (c) => {
      const token = readCookie(c.req.header("cookie"), refreshCookie);
      const claims = token ? await verifyRefreshToken(deps.signingKey, token, deps.clock.now()) : undefined;
      const user = claims ? await findCredentialsById(deps.db, claims.userId) : undefined;
      if (!claims || !user || user.sessionEpoch !== claims.epoch) {
        return unauthenticatedAndSignedOut(c, deps, token ? "the session has expired or was ended; log in again" : "Authentication required");
      }
      await enforceRateLimit(deps, limits.refreshPerUser, user.id);

      await setSessionCookies(c, deps, user);
      return c.body(null, 200);
    })

    .delete("/logout", async (c) => {
      const viewer = c.get("viewer");
      if (viewer) await bumpSessionEpoch(deps.db, viewer.id);
      clearSessionCookies(c, deps);
      return c.body(null, 200);
    });
}

/** Build a 401 that also removes the session cookies, so the web app stops retrying a dead session. */
function unauthenticatedAndSignedOut(c: Context<AppEnv>, deps: AppDeps, message: string): Response {
  clearSessionCookies(c, deps);
  return c.json(errorBody(new AppError("unauthenticated", message), c.get("requestId")), 401);
}
