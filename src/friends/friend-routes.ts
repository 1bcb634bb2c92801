import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { idSchema, parseWith } from "../http/validation.ts";
import { listFriendsOf } from "./list-friends.ts";
import { unfriend } from "./unfriend.ts";

const friendIdParam = v.object({ friendId: idSchema });

/** `/api/friends`: the viewer's friends, and ending a friendship. */
export function friendRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const viewer = requireViewer(c);
    return c.json({ friendShips: await listFriendsOf(deps.db, viewer.id) });
  });

  routes.delete("/:friendId", async (c) => {
    const viewer = requireViewer(c);
    const friendId = parseWith(friendIdParam, c.req.param()).friendId;
    await unfriend(deps.db, viewer.id, friendId);
    return c.body(null, 200);
  });

  return routes;
}
