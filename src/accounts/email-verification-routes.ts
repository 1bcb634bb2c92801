import { Hono } from "hono";
import * as v from "valibot";
import { limits } from "../auth/limits.ts";
import { byClientAddress, byViewer, rateLimit } from "../auth/rate-limit.ts";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { invalidInput } from "../http/errors.ts";
import { readJsonBody } from "../http/validation.ts";
import { maxFailedAttempts, requestEmailVerification, verifyEmail } from "./email-verification.ts";

export const verifySchema = v.object({
  code: v.pipe(v.string("is required"), v.trim(), v.regex(/^\d{8}$/, "must be the 8 digits from the e-mail")),
});

/** `POST /api/user/email-verification/request` and `…/verify`. */
export function emailVerificationRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const perAddress = byClientAddress(deps);

  // Each request queues an e-mail, so the per-account limit keeps the endpoint from flooding
  // a mailbox.
  routes.post(
    "/email-verification/request",
    rateLimit(deps, { ...limits.emailVerificationRequestPerUser, key: byViewer }),
    rateLimit(deps, { ...limits.emailVerificationRequestPerAddress, key: perAddress }),
    async (c) => {
      const viewer = requireViewer(c);
      await deps.db.transaction((tx) => requestEmailVerification(tx, deps, viewer.id));
      return c.body(null, 200);
    },
  );

  // The wrong-code counter limits guesses per e-mail address; these limits bound the request rate.
  routes.post(
    "/email-verification/verify",
    rateLimit(deps, { ...limits.emailVerificationVerifyPerUser, key: byViewer }),
    rateLimit(deps, { ...limits.emailVerificationVerifyPerAddress, key: perAddress }),
    async (c) => {
      const viewer = requireViewer(c);
      const { code } = await readJsonBody(c, verifySchema);
      const outcome = await verifyEmail(deps.db, deps.clock, viewer.id, code);
      switch (outcome) {
        case "verified":
          return c.body(null, 200);
        case "expired":
          throw invalidInput("Verification code has expired", "code");
        case "invalid":
          throw invalidInput("Invalid verification code", "code");
        case "invalidated-all":
          throw invalidInput(`Invalid verification code. After ${maxFailedAttempts} wrong codes all codes are invalid; request a new one`, "code");
      }
    },
  );

  return routes;
}
