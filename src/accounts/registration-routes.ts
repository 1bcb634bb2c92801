import { Hono } from "hono";
import * as v from "valibot";
import { limits } from "../auth/limits.ts";
import { byClientAddress, emailRateLimitSubject, enforceRateLimit, rateLimit } from "../auth/rate-limit.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { objectMessage, readJsonBody } from "../http/validation.ts";
import { isValidEmailAddress, maxEmailLength } from "./email-address.ts";
import { checkRegistration, registerUser } from "./register-user.ts";

const codePoints = (text: string) => [...text].length;

export const registrationSchema = v.object({
  name: v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.check((name) => codePoints(name) >= 2, "must be at least 2 characters long"),
    v.check((name) => codePoints(name) <= 255, "must be at most 255 characters long"),
  ),
  email: v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.check((email) => codePoints(email) <= maxEmailLength, `must be at most ${maxEmailLength} characters long`),
    v.check(isValidEmailAddress, "must be a valid e-mail address"),
  ),
  password: v.string("must be a string"),
  inviteCode: v.optional(v.string("must be a string")),
}, objectMessage);

/** `POST /api/user/register`: 200 with an empty body and no cookies, as in the original. */
export function registrationRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post("/register", rateLimit(deps, { ...limits.registerPerAddress, key: byClientAddress(deps) }), async (c) => {
    const registration = await readJsonBody(c, registrationSchema);
    checkRegistration(deps.config, registration);
    // Registering an address that exists is a 409, which reveals that it has an account.
    // This limit keeps that from being used to test many addresses; it counts only
    // registrations that passed the checks, so retrying a rejected password costs nothing.
    await enforceRateLimit(deps, limits.registerPerEmail, emailRateLimitSubject(registration.email));
    await registerUser(deps, registration);
    return c.body(null, 200);
  });
}
