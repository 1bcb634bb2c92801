import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { idSchema, parseWith, readJsonBody } from "../http/validation.ts";
import { reactToFriendRequest } from "./react-to-friend-request.ts";
import { cancelFriendRequest } from "./cancel-friend-request.ts";
import { listFriendRequestsOf } from "./list-friend-requests.ts";
import { sendFriendRequest } from "./send-friend-request.ts";

/** A missing key and a wrong type get different messages; valibot's default names neither. */
const requiredKeyMessage = (issue: v.ObjectIssue) =>
  issue.received === "undefined" ? "is required" : `request body must be a JSON object, got ${issue.received}`;

const idParam = v.object({ id: idSchema });
export const sendBody = v.object({ receiverId: idSchema }, requiredKeyMessage);
// The original read a missing `accept` as a rejection; a missing `accept` is now a 400.
export const reactionBody = v.object({ accept: v.boolean("must be true or false") }, requiredKeyMessage);

/** `/api/friend_requests`: list, send, cancel, accept and reject friend requests. */
export function friendRequestRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const viewer = requireViewer(c);
    return c.json(await listFriendRequestsOf(deps.db, viewer.id));
  });

  routes.post("/", async (c) => {
    const viewer = requireViewer(c);
    const { receiverId } = await readJsonBody(c, sendBody);
    const sent = await sendFriendRequest(deps, viewer.id, receiverId);
    // Accepting the receiver's own pending request creates nothing new, hence 200, not 201.
    return c.json(sent.request, sent.acceptedCrossingRequest ? 200 : 201);
  });

  routes.delete("/:id", async (c) => {
    const viewer = requireViewer(c);
    const requestId = parseWith(idParam, c.req.param()).id;
    await cancelFriendRequest(deps.db, viewer.id, requestId);
    return c.body(null, 200);
  });

  routes.patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const requestId = parseWith(idParam, c.req.param()).id;
    const { accept } = await readJsonBody(c, reactionBody);
    return c.json(await reactToFriendRequest(deps, viewer.id, requestId, accept));
  });

  return routes;
}
