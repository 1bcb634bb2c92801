import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { invalidInput } from "../http/errors.ts";
import { readJsonBody } from "../http/validation.ts";
import { maxFailedAttempts, requestEmailVerification, verifyEmail } from "./email-verification.ts";

const verifySchema = v.object({
  code: v.pipe(v.string("is required"), v.trim(), v.regex(/^\d{8}$/, "must be the 8 digits from the e-mail")),
});

/** `POST /api/user/email-verification/request` and `…/verify`. */
export function emailVerificationRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // NOTE: not rate-limited yet. Wire in the shared limiter of src/auth/rate-limit.ts (per user)
  // once it is merged; each request queues an e-mail.
  routes.post("/email-verification/request", async (c) => {
    const viewer = requireViewer(c);
    await deps.db.transaction((tx) => requestEmailVerification(tx, deps, viewer.id));
    return c.body(null, 200);
  });

  // NOTE: the wrong-code counter limits guesses per e-mail; the shared per-client limiter of
  // src/auth/rate-limit.ts belongs here too once it is merged.
  routes.post("/email-verification/verify", async (c) => {
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
  });

  return routes;
}
