import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, readJsonBody, readQuery } from "../http/validation.ts";
import { addThingToList, changeList } from "./change-list.ts";
import { createList } from "./create-list.ts";
import { findListVisibleTo } from "./find-list.ts";
import { showListAudience } from "./list-audience-route.ts";
import { createListBody, listIndexQuery, listShowQuery, ownerIdsOf, patchListBody, unpaginatedMaxLists } from "./list-input.ts";
import { findMemberIdsPage } from "./list-members.ts";
import { listListsVisibleTo } from "./list-lists.ts";
import { loadListCards } from "./load-list-cards.ts";
import { deleteList, removeThingFromList } from "./remove-list.ts";
import { showList } from "./show-list.ts";
import { loadThings } from "../things/load-things.ts";

const firstThingsPage = { page: 0, perPage: 50 };

/** `/api/lists`: the viewer's and shared lists, their members, and changes by the owner. */
export function listRoutes(deps: AppDeps) {
  const { db } = deps;
  const listId = (id: string | undefined) => parseWith(idSchema, id);

  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const viewer = requireViewer(c);
      const query = readQuery(c, listIndexQuery);
      // The original ignored paginate=false on lists; here it returns one page of up to
      // 1000 lists, which is all of them for any realistic account.
      const page = query.paginate ? { page: query.page, perPage: query.perPage } : { page: 0, perPage: unpaginatedMaxLists };
      const { rows, totalCount } = await listListsVisibleTo(db, viewer.id, { ownerIds: ownerIdsOf(query.filterOwnerId), page });
      const lists = await loadListCards(db, viewer.id, rows);
      return c.json(pageEnvelope("lists", lists, { page: query.page, perPage: query.perPage }, totalCount));
    })
    .post("/", async (c) => {
      const viewer = requireViewer(c);
      const input = await readJsonBody(c, createListBody);
      const id = await createList(db, deps.config, viewer, input);
      return c.json(await showList(db, viewer.id, id, firstThingsPage), 201);
    })
    .get("/:listId", async (c) => {
      const viewer = requireViewer(c);
      const query = readQuery(c, listShowQuery);
      const page = { page: query.thingsPage, perPage: query.thingsPerPage };
      return c.json(await showList(db, viewer.id, listId(c.req.param("listId")), page));
    })
    .get("/:listId/things", async (c) => {
      const viewer = requireViewer(c);
      const page = readQuery(c, v.object(paginationQuery));
      const list = await findListVisibleTo(db, viewer.id, listId(c.req.param("listId")));
      if (!list) throw notFound("List");
      const members = await findMemberIdsPage(db, list.id, page);
      return c.json(pageEnvelope("things", await loadThings(db, viewer.id, members.ids), page, members.totalCount));
    })
    .get("/:listId/audience", (c) => showListAudience(c, db))
    .patch("/:listId", async (c) => {
      const viewer = requireViewer(c);
      const id = listId(c.req.param("listId"));
      const input = await readJsonBody(c, patchListBody);
      await changeList(db, deps.config, viewer, id, input);
      return c.json(await showList(db, viewer.id, id, firstThingsPage));
    })
    .delete("/:listId", async (c) => {
      const viewer = requireViewer(c);
      await deleteList(db, viewer.id, listId(c.req.param("listId")));
      return c.body(null, 204);
    })
    .post("/:listId/things/:thingId", async (c) => {
      const viewer = requireViewer(c);
      const id = listId(c.req.param("listId"));
      await addThingToList(db, deps.config, viewer, id, parseWith(idSchema, c.req.param("thingId")));
      return c.body(null, 204);
    })
    .delete("/:listId/things/:thingId", async (c) => {
      const viewer = requireViewer(c);
      await removeThingFromList(db, viewer.id, listId(c.req.param("listId")), parseWith(idSchema, c.req.param("thingId")));
      return c.body(null, 204);
    });
}
