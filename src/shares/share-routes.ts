import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import { pruneCart } from "../cart/cart-queries.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError, forbidden, invalidInput, notFound } from "../http/errors.ts";
import { offsetOf, pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, readJsonBody, readQuery } from "../http/validation.ts";
import { listSharedMail, thingSharedMail } from "../mail/templates/index.ts";
import { notify } from "../notifications/notify.ts";
import { shareJson } from "./share-json.ts";
import { createShare, findShareForParticipant, findVisibleObject, listShares } from "./share-queries.ts";

export const createShareBody = v.object({ targetUserId: idSchema, objectId: idSchema });
export const updateShareBody = v.object({ hidden: v.boolean("must be true or false") });
export const listSharesQuery = v.object({
  direction: v.optional(v.picklist(["sent", "received"], "must be sent or received"), "received"),
  ...paginationQuery,
});

/**
 * Direct shares of one thing or list with one user. Anyone may be the target, as in the
 * original (sharing with a neighbour you are not friends with is a real use), but the target
 * must exist and must not be the owner, and sharing twice with the same user keeps one share.
 */
export function shareRoutes(deps: AppDeps) {
  const loadShare = async (shareId: string, viewerId: string) => {
    const share = await findShareForParticipant(deps.db, shareId, viewerId);
    if (!share) throw notFound("Share");
    return share;
  };

  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const viewer = requireViewer(c);
      const query = readQuery(c, listSharesQuery);
      const { rows, totalCount } = await listShares(deps.db, viewer.id, query.direction, { limit: query.perPage, offset: offsetOf(query) });
      const shares = await Promise.all(rows.map((row) => shareJson(deps.db, row, viewer.id)));
      return c.json(pageEnvelope("shares", shares, query, totalCount));
    })
    .post("/", async (c) => {
      const viewer = requireViewer(c);
      const body = await readJsonBody(c, createShareBody);

      const object = await findVisibleObject(deps.db, viewer.id, body.objectId);
      if (!object) throw new AppError("not_found", `no thing or list with id ${body.objectId}`, { field: "objectId" });
      if (object.ownerId !== viewer.id) throw forbidden();
      if (body.targetUserId === viewer.id) throw invalidInput("targetUserId: you cannot share with yourself", "targetUserId");
      const target = await queryOne<{ id: string }>(deps.db, sql`select id from users where id = ${body.targetUserId}`);
      if (!target) throw new AppError("not_found", "user not found", { field: "targetUserId" });

      const { shareId, created } = await deps.db.transaction(async (tx) => {
        const result = await createShare(tx, { ownerId: viewer.id, targetUserId: target.id, object });
        if (result.created) {
          await notify(tx, {
            recipients: [target.id],
            actorId: viewer.id,
            payload:
              object.kind === "thing"
                ? { contentType: "THING_SHARED", content: { thingId: object.id, sharerId: viewer.id } }
                : { contentType: "LIST_SHARED", content: { listId: object.id, sharerId: viewer.id } },
            mail: (recipient) =>
              object.kind === "thing"
                ? thingSharedMail(deps.config, { recipientName: recipient.name, sharerName: viewer.name, thingId: object.id, thingName: object.name })
                : listSharedMail(deps.config, { recipientName: recipient.name, sharerName: viewer.name, listId: object.id, listName: object.name }),
          });
        }
        return result;
      });

      const share = await loadShare(shareId, viewer.id);
      return c.json(await shareJson(deps.db, share, viewer.id), created ? 201 : 200);
    })
    .get("/:shareId", async (c) => {
      const viewer = requireViewer(c);
      const share = await loadShare(parseWith(idSchema, c.req.param("shareId")), viewer.id);
      return c.json(await shareJson(deps.db, share, viewer.id));
    })
    .patch("/:shareId", async (c) => {
      const viewer = requireViewer(c);
      const share = await loadShare(parseWith(idSchema, c.req.param("shareId")), viewer.id);
      const { hidden } = await readJsonBody(c, updateShareBody);
      // Hiding is the target's choice; the owner removes a share instead.
      if (share.targetUserId !== viewer.id) throw forbidden("only the user a share was made for can hide it");
      await deps.db.transaction(async (tx) => {
        await tx.query(sql`
          update shares set hidden_at = case when ${hidden} then coalesce(hidden_at, now()) end
          where id = ${share.id}`);
        if (hidden) await pruneCart(tx, viewer.id);
      });
      return c.json(await shareJson(deps.db, await loadShare(share.id, viewer.id), viewer.id));
    })
    .delete("/:shareId", async (c) => {
      const viewer = requireViewer(c);
      const share = await loadShare(parseWith(idSchema, c.req.param("shareId")), viewer.id);
      if (share.ownerId !== viewer.id) throw forbidden();
      await deps.db.transaction(async (tx) => {
        await tx.query(sql`delete from shares where id = ${share.id}`);
        await pruneCart(tx, share.targetUserId);
      });
      return c.body(null, 200);
    });
}
