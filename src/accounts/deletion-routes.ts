import { Hono } from "hono";
import * as v from "valibot";
import { limits } from "../auth/limits.ts";
import { byViewer, rateLimit } from "../auth/rate-limit.ts";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { readJsonBody } from "../http/validation.ts";
import { cancelDeletion, scheduleDeletion } from "./deletion.ts";
import { loadProfile } from "./profile.ts";
import { profileOrNotFound } from "./profile-routes.ts";

export const scheduleSchema = v.object({
  password: v.optional(v.string("must be a string")),
  confirmation: v.optional(v.string("must be a string")),
});

/** `POST` (schedule) and `DELETE` (cancel) `/api/user/deletion`; both return the Profile. */
export function deletionRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // The password check invites guessing with a stolen session, hence the per-account limit.
  routes.post("/deletion", rateLimit(deps, { ...limits.deletionPerUser, key: byViewer }), async (c) => {
    const viewer = requireViewer(c);
    const input = await readJsonBody(c, scheduleSchema);
    await scheduleDeletion(deps, viewer.id, input);
    return c.json(profileOrNotFound(await loadProfile(deps.db, viewer.id)));
  });

  routes.delete("/deletion", async (c) => {
    const viewer = requireViewer(c);
    await cancelDeletion(deps.db, viewer.id);
    return c.json(profileOrNotFound(await loadProfile(deps.db, viewer.id)));
  });

  return routes;
}
