import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { idSchema, parseWith, readJsonBody } from "../http/validation.ts";
import { addCartItem, listCartEntries, pruneCart, removeCartItem, replaceCart } from "./cart-queries.ts";

export const replaceCartBody = v.object({
  // The original treated a missing or null list as "empty the cart".
  thingIds: v.optional(v.nullable(v.pipe(v.array(idSchema), v.maxLength(1000, "must hold at most 1000 ids"))), []),
});

/**
 * The cart: things of others (or one's own) that the viewer would like to borrow. `GET` and
 * `PUT` are the original's; `POST`/`DELETE /items/:thingId` change one entry, so two browser
 * tabs do not overwrite each other's changes. Every call answers with the whole cart.
 */
export function cartRoutes(deps: AppDeps) {
  const cartOf = async (viewerId: string) => ({ entries: await listCartEntries(deps.db, viewerId) });

  return new Hono<AppEnv>()
    .get("/", async (c) => c.json(await cartOf(requireViewer(c).id)))
    .put("/", async (c) => {
      const viewer = requireViewer(c);
      const { thingIds } = await readJsonBody(c, replaceCartBody);
      await deps.db.transaction(async (tx) => {
        await pruneCart(tx, viewer.id);
        await replaceCart(tx, viewer.id, thingIds ?? []);
      });
      return c.json(await cartOf(viewer.id));
    })
    .post("/items/:thingId", async (c) => {
      const viewer = requireViewer(c);
      const thingId = parseWith(idSchema, c.req.param("thingId"));
      await deps.db.transaction((tx) => addCartItem(tx, viewer.id, thingId));
      return c.json(await cartOf(viewer.id));
    })
    .delete("/items/:thingId", async (c) => {
      const viewer = requireViewer(c);
      const thingId = parseWith(idSchema, c.req.param("thingId"));
      await deps.db.transaction((tx) => removeCartItem(tx, viewer.id, thingId));
      return c.json(await cartOf(viewer.id));
    });
}
