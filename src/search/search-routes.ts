import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { invalidInput } from "../http/errors.ts";
import { paginationQuery } from "../http/pagination.ts";
import { readQuery } from "../http/validation.ts";
import { findListsVisibleTo } from "../lists/list-lists.ts";
import { loadListCards } from "../lists/load-list-cards.ts";
import { loadThings } from "../things/load-things.ts";
import { searchVisible } from "./search-visible.ts";
import { maxSearchTerms, splitSearchTerms } from "./search-terms.ts";

const maxQueryLength = 200;

export const searchQuery = v.object({
  query: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, "must not be empty"),
      v.maxLength(maxQueryLength, `must be at most ${maxQueryLength} characters`),
    ),
    "",
  ),
  ...paginationQuery,
});

/**
 * `GET /api/search?query=&page=&perPage=`: things and lists the viewer may see, ranked together
 * and paged as one sequence; `things` and `lists` hold the hits of the requested page.
 */
export function searchRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().get("/", async (c) => {
    const viewer = requireViewer(c);
    const { query, page, perPage } = readQuery(c, searchQuery);
    const terms = splitSearchTerms(query);
    if (terms.length === 0) throw invalidInput("query: must not be empty", "query");
    if (terms.length > maxSearchTerms) throw invalidInput(`query: must have at most ${maxSearchTerms} words`, "query");

    const { hits, totalCount } = await searchVisible(db, viewer.id, query, terms, { page, perPage });
    const thingIds = hits.filter((hit) => hit.kind === "thing").map((hit) => hit.id);
    const listIds = hits.filter((hit) => hit.kind === "list").map((hit) => hit.id);
    const things = await loadThings(db, viewer.id, thingIds);
    const lists = await loadListCards(db, viewer.id, await findListsVisibleTo(db, viewer.id, listIds));
    return c.json({ things, lists, totalCount, page, perPage });
  });
}
