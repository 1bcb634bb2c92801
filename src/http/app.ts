import { Hono } from "hono";
import { registrationRoutes } from "../accounts/registration-routes.ts";
import { accountRoutes } from "../accounts/routes.ts";
import { passwordRoutes } from "../auth/password-routes.ts";
import { sessionRoutes } from "../auth/session-routes.ts";
import { cartRoutes } from "../cart/cart-routes.ts";
import { friendRequestRoutes } from "../friends/friend-request-routes.ts";
import { friendRoutes } from "../friends/friend-routes.ts";
import { assetRoutes } from "../images/asset-routes.ts";
import { imageRoutes } from "../images/image-routes.ts";
import { listRoutes } from "../lists/list-routes.ts";
import { notificationRoutes } from "../notifications/notification-routes.ts";
import { oidcRoutes } from "../oidc/oidc-routes.ts";
import { searchRoutes } from "../search/search-routes.ts";
import { shareRoutes } from "../shares/share-routes.ts";
import { propertyAutocompleteRoutes } from "../things/property-autocomplete-routes.ts";
import { thingRoutes } from "../things/thing-routes.ts";
import { userRoutes } from "../users/user-routes.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./env.ts";
import { handleError, handleNotFound } from "./error-handler.ts";
import { healthRoutes } from "./health-routes.ts";
import { infoRoutes } from "./info-routes.ts";
import { requestFrame } from "./middleware/request-frame.ts";
import { openapiRoutes } from "./openapi/openapi-routes.ts";
import { webRoutes } from "./web-routes.ts";

/**
 * Routes whose own query checks the session epoch, so the request frame does not look the
 * viewer up first: one database round trip per request instead of two.
 */
const routesCheckingTheSession = ["GET /api/user/profile"];

/** Build the whole HTTP application. The list of mounts below is the map of the API. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Request id, log line, CORS, security headers, body limit and viewer, in one middleware.
  app.use(requestFrame(deps, { routesCheckingTheSession }));

  // Instance
  app.route("/", healthRoutes(deps)); // /healthz, /readyz
  app.route("/api/info", infoRoutes(deps));
  if (deps.config.serveOpenapi) app.route("/api", openapiRoutes(deps)); // /api/openapi.json, /api/docs

  // Accounts and sessions
  app.route("/api/user", sessionRoutes(deps)); // login, refresh, logout
  app.route("/api/user", registrationRoutes(deps)); // register
  app.route("/api/user", passwordRoutes(deps)); // password change and reset
  app.route("/api/user", accountRoutes(deps)); // profile, e-mail verification, deletion
  app.route("/api/auth/oidc", oidcRoutes(deps));
  app.route("/api/users", userRoutes(deps));

  // Inventory
  app.route("/api/things", thingRoutes(deps));
  app.route("/api/lists", listRoutes(deps));
  app.route("/api/search/property_auto_complete", propertyAutocompleteRoutes(deps));
  app.route("/api/search", searchRoutes(deps));
  app.route("/api/images", imageRoutes(deps));
  app.route("/assets", assetRoutes(deps)); // image files, outside /api as in the original

  // Social
  app.route("/api/friend_requests", friendRequestRoutes(deps));
  app.route("/api/friends", friendRoutes(deps));
  app.route("/api/shares", shareRoutes(deps));
  app.route("/api/notifications", notificationRoutes(deps));
  app.route("/api/cart", cartRoutes(deps));

  // Last, so the web app's fallback to index.html never shadows an API route.
  if (deps.webFiles) app.route("/", webRoutes(deps.webFiles, { apiHost: deps.config.baseUrl }));

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
