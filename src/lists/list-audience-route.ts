import type { Context } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import type { AppEnv } from "../http/env.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, readQuery } from "../http/validation.ts";
import { loadAudiencePage, sharingStateReasons } from "../shares/audience-page.ts";
import { findListVisibleTo } from "./find-list.ts";

/** Select everyone who can see the list, with the reason: its sharing state and its direct shares, as in `listVisible`. */
function listAudienceReasons(listId: string): SqlFragment {
  return sql`
    select r.id, r.reason, null::text from lists l
      cross join lateral (${sharingStateReasons(sql`l.owner_id`, sql`l.sharing_state`)}) as r
      where l.id = ${listId}
    union all
    select s.target_user_id, 'direct-share', null::text from shares s where s.list_id = ${listId} and s.hidden_at is null`;
}

/**
 * Handle `GET /api/lists/:listId/audience`: list who can see the list now and why. Only the owner
 * may request it, so a viewer who can see the list gets a 403 and anyone else a 404.
 */
export async function showListAudience(c: Context<AppEnv>, db: Queryable): Promise<Response> {
  const viewer = requireViewer(c);
  const listId = parseWith(idSchema, c.req.param("listId"));
  const page = readQuery(c, v.object(paginationQuery));
  const list = await findListVisibleTo(db, viewer.id, listId);
  if (!list) throw notFound("List");
  if (list.owner_id !== viewer.id) throw forbidden();
  return c.json(await loadAudiencePage(db, viewer.id, listAudienceReasons(listId), page));
}
