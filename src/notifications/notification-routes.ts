import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, queryBoolean, readQuery } from "../http/validation.ts";
import { acknowledgeAllNotifications, acknowledgeNotification, countUnreadNotifications } from "./acknowledge-notifications.ts";
import { listNotificationsOf } from "./list-notifications.ts";

export const listingQuery = v.object({ ...paginationQuery, onlyUnacknowledged: queryBoolean(false) });
const idParam = v.object({ id: idSchema });

/** `/api/notifications`: the viewer's notifications, the unread count and acknowledging. */
export function notificationRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const viewer = requireViewer(c);
    const query = readQuery(c, listingQuery);
    const page = { page: query.page, perPage: query.perPage };
    const result = await listNotificationsOf(deps.db, viewer.id, { page, onlyUnacknowledged: query.onlyUnacknowledged });
    return c.json(pageEnvelope("notifications", result.notifications, page, result.totalCount));
  });

  routes.get("/unread-count", async (c) => {
    const viewer = requireViewer(c);
    return c.json({ count: await countUnreadNotifications(deps.db, viewer.id) });
  });

  routes.post("/acknowledge-all", async (c) => {
    const viewer = requireViewer(c);
    return c.json({ acknowledged: await acknowledgeAllNotifications(deps.db, deps.clock, viewer.id) });
  });

  routes.patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const { id } = parseWith(idParam, c.req.param());
    await acknowledgeNotification(deps.db, deps.clock, viewer.id, id);
    return c.body(null, 200);
  });

  return routes;
}
