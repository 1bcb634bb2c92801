import { Hono } from "hono";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { deletionRoutes } from "./deletion-routes.ts";
import { emailVerificationRoutes } from "./email-verification-routes.ts";
import { profileRoutes } from "./profile-routes.ts";

/** Build the routes of the caller's own account under `/api/user`: profile, e-mail verification, scheduled deletion. */
export function accountRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.route("/", profileRoutes(deps));
  routes.route("/", emailVerificationRoutes(deps));
  routes.route("/", deletionRoutes(deps));
  return routes;
}
