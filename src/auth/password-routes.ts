import { Hono } from "hono";
import * as v from "valibot";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { objectMessage, readJsonBody } from "../http/validation.ts";
import { changePassword } from "./change-password.ts";
import { limits } from "./limits.ts";
import { confirmPasswordReset, findUserOfResetToken, requestPasswordReset } from "./password-reset.ts";
import { byClientAddress, byViewer, emailRateLimitSubject, enforceRateLimit, rateLimit } from "./rate-limit.ts";
import { setSessionCookies } from "./session.ts";
import { requireViewer } from "./viewer.ts";

export const changeSchema = v.object({
  oldPassword: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty")),
  newPassword: v.string("must be a string"),
}, objectMessage);

export const resetRequestSchema = v.object({
  email: v.pipe(v.string("must be a string"), v.maxLength(1024, "must be at most 1024 characters")),
}, objectMessage);

export const resetConfirmSchema = v.object({
  token: v.pipe(v.string("must be a string"), v.maxLength(256, "must be at most 256 characters")),
  newPassword: v.string("must be a string"),
}, objectMessage);

// A reset request responds no sooner than this, whether or not it found an account and queued
// a mail, so its duration does not reveal which happened.
const resetRequestMinimumMilliseconds = 250;

/**
 * `PATCH /password` (signed in, old password required) and the reset by e-mail link:
 * `POST /password-reset/request` and `POST /password-reset/confirm`, all under `/api/user`.
 */
export function passwordRoutes(deps: AppDeps) {
  const perAddress = byClientAddress(deps);

  return new Hono<AppEnv>()
    .patch(
      "/password",
      rateLimit(deps, { ...limits.passwordChangePerUser, key: byViewer }),
      rateLimit(deps, { ...limits.passwordChangePerAddress, key: perAddress }),
      async (c) => {
        const viewer = requireViewer(c);
        const { oldPassword, newPassword } = await readJsonBody(c, changeSchema);
        const user = await changePassword(deps, viewer.id, oldPassword, newPassword);
        // Other devices are signed out by the new epoch; this one gets a session under it.
        await setSessionCookies(c, deps, user);
        return c.body(null, 200);
      },
    )

    .post("/password-reset/request", rateLimit(deps, { ...limits.passwordResetRequestPerAddress, key: perAddress }), async (c) => {
      const started = performance.now();
      const { email } = await readJsonBody(c, resetRequestSchema);
      await enforceRateLimit(deps, limits.passwordResetRequestPerEmail, emailRateLimitSubject(email));
      await requestPasswordReset(deps, email);
      await Bun.sleep(Math.max(0, resetRequestMinimumMilliseconds - (performance.now() - started)));
      return c.body(null, 200);
    })

    .post("/password-reset/confirm", rateLimit(deps, { ...limits.passwordResetConfirmPerAddress, key: perAddress }), async (c) => {
      const { token, newPassword } = await readJsonBody(c, resetConfirmSchema);
      const user = await findUserOfResetToken(deps, token);
      await enforceRateLimit(deps, limits.passwordResetConfirmPerUser, user.id);
      await confirmPasswordReset(deps, token, newPassword);
      return c.body(null, 200);
    });
}
