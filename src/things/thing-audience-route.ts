import type { Context } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import { queryOne, type Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import type { AppEnv } from "../http/env.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, readQuery } from "../http/validation.ts";
import { loadAudiencePage, sharingStateReasons } from "../shares/audience-page.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";

/**
 * Select everyone who can see the thing, with the reason, as candidates for `loadAudiencePage`.
 * The four branches are the four ways in of `thingVisible` (and `thingAudience`).
 */
function thingAudienceReasons(thingId: string): SqlFragment {
  return sql`
    select r.id, r.reason, null::text from things t
      cross join lateral (${sharingStateReasons(sql`t.owner_id`, sql`t.sharing_state`)}) as r
      where t.id = ${thingId}
    union all
    select s.target_user_id, 'direct-share', null::text from shares s where s.thing_id = ${thingId} and s.hidden_at is null
    union all
    select r.id, 'list', l.id from lists_things lt
      join lists l on l.id = lt.list_id
      cross join lateral (${sharingStateReasons(sql`l.owner_id`, sql`l.sharing_state`)}) as r
      where lt.thing_id = ${thingId}
    union all
    select s.target_user_id, 'list', s.list_id from lists_things lt
      join shares s on s.list_id = lt.list_id and s.hidden_at is null
      where lt.thing_id = ${thingId}`;
}

/**
 * Handle `GET /api/things/:id/audience`: list who can see the thing now and why. Only the owner
 * may request it, so a viewer who can see the thing gets a 403 and anyone else a 404.
 */
export async function showThingAudience(c: Context<AppEnv>, db: Queryable): Promise<Response> {
  const viewer = requireViewer(c);
  const thingId = parseWith(idSchema, c.req.param("id"));
  const page = readQuery(c, v.object(paginationQuery));
  const thing = await queryOne<{ owner_id: string }>(db, sql`
    with ${visibilityCtes(viewer.id)}
    select t.owner_id from things t where t.id = ${thingId} and ${thingVisible(viewer.id, "t")}`);
  if (!thing) throw notFound("Thing");
  if (thing.owner_id !== viewer.id) throw forbidden();
  return c.json(await loadAudiencePage(db, viewer.id, thingAudienceReasons(thingId), page));
}
