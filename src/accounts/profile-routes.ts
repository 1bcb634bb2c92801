import { Hono } from "hono";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { readJsonBody } from "../http/validation.ts";
import { loadProfile, type Profile } from "./profile.ts";
import { profileUpdateSchema, updateProfile } from "./update-profile.ts";

/** Return the profile, or throw the 404 the original returned when the account disappeared mid-session. */
export function profileOrNotFound(profile: Profile | undefined): Profile {
  if (!profile) throw new AppError("not_found", "user not found");
  return profile;
}

/** `GET` and `PATCH /api/user/profile`. */
export function profileRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/profile", async (c) => {
    const viewer = requireViewer(c);
    return c.json(profileOrNotFound(await loadProfile(deps.db, viewer.id, { withEmailVerified: true })));
  });

  routes.patch("/profile", async (c) => {
    const viewer = requireViewer(c);
    const update = await readJsonBody(c, profileUpdateSchema);
    const profile = await deps.db.transaction(async (tx) => {
      await updateProfile(tx, viewer.id, update);
      return loadProfile(tx, viewer.id);
    });
    return c.json(profileOrNotFound(profile));
  });

  return routes;
}
