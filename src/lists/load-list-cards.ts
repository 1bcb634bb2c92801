import type { Queryable } from "../db/database.ts";
import { listJson, type ListJson, type ListRow } from "./list-json.ts";
import { findMemberPreviews } from "./list-members.ts";
import { loadSharesOfLists } from "./list-shares.ts";
import { loadThings } from "../things/load-things.ts";

/** Things embedded per list in the index and in search: the card's collage shows four pictures. */
export const previewThingsPerList = 4;

/**
 * Render lists the viewer may see as cards: each with its first four things, its member
 * count and, for the owner, its shares. A fixed number of statements whatever the number of
 * lists: previews, shares, and one load of all the preview things together.
 */
export async function loadListCards(db: Queryable, viewerId: string, rows: ListRow[]): Promise<ListJson[]> {
  if (rows.length === 0) return [];
  const previews = await findMemberPreviews(db, rows.map((row) => row.id), previewThingsPerList);
  const owned = rows.filter((row) => row.owner_id === viewerId).map((row) => row.id);
  const shares = await loadSharesOfLists(db, owned);

  // Every member of a list is visible to whoever sees the list, so loading the previews
  // through the viewer's visibility drops none of them.
  const thingIds = [...new Set(rows.flatMap((row) => previews.get(row.id)?.ids ?? []))];
  const things = new Map((await loadThings(db, viewerId, thingIds)).map((thing) => [thing.id, thing]));

  return rows.map((row) => {
    const preview = previews.get(row.id) ?? { ids: [], count: 0 };
    const members = preview.ids.flatMap((id) => things.get(id) ?? []);
    return listJson(row, viewerId, { things: members, thingCount: preview.count }, shares.get(row.id) ?? []);
  });
}
