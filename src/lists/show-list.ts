import type { Queryable } from "../db/database.ts";
import { notFound } from "../http/errors.ts";
import type { Page } from "../http/pagination.ts";
import { findListVisibleTo } from "./find-list.ts";
import { listJson, type ListJson } from "./list-json.ts";
import { findMemberIdsPage } from "./list-members.ts";
import { loadSharesOfLists } from "./list-shares.ts";
import { loadThings } from "../things/load-things.ts";

/**
 * Load one list as the viewer sees it, with one page of its things and `thingsPage`
 * describing that page. Throws 404 for a list that is unknown or hidden from the viewer.
 */
export async function showList(db: Queryable, viewerId: string, listId: string, thingsPage: Page): Promise<ListJson> {
  const row = await findListVisibleTo(db, viewerId, listId);
  if (!row) throw notFound("List");

  const members = await findMemberIdsPage(db, listId, thingsPage);
  const things = await loadThings(db, viewerId, members.ids);
  const shares = row.owner_id === viewerId ? (await loadSharesOfLists(db, [listId])).get(listId) ?? [] : [];
  return listJson(
    row,
    viewerId,
    {
      things,
      thingCount: members.totalCount,
      thingsPage: {
        page: thingsPage.page,
        perPage: thingsPage.perPage,
        totalCount: members.totalCount,
        totalPageCount: Math.ceil(members.totalCount / thingsPage.perPage),
      },
    },
    shares,
  );
}
