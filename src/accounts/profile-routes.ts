import { Hono } from "hono";
import { requireSession, requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError, unauthenticated } from "../http/errors.ts";
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

  // Listed in the app's routesCheckingTheSession: the session epoch is checked by the profile
  // query itself, which saves the viewer lookup's round trip on the most frequent call of the web app.
  routes.get("/profile", async (c) => {
    const session = requireSession(c);
    const profile = await loadProfile(deps.db, session.userId, { withEmailVerified: true, sessionEpoch: session.epoch });
    if (!profile) throw unauthenticated();
    c.set("viewer", { id: profile.id, name: profile.name, email: profile.email });
    return c.json(profile);
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
