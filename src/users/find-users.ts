import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import {
  directoryEntriesStatement,
  toDirectoryEntryJson,
  type DirectoryEntryJson,
  type DirectoryEntryRow,
} from "./directory-entry.ts";

/** Escape LIKE's wildcards so a search term matches literally. */
function escapeLikePattern(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export interface DirectorySearch {
  /** Part of a name (case and accents ignored), or a whole e-mail address; undefined lists everyone. */
  query?: string;
  page: Page;
}

/**
 * Search the users directory as `viewerId`, ordered by name, one page at a time. A query
 * matches names containing it and, only when it is a whole e-mail address, the account with
 * that address. That finds someone to invite without showing anyone's address. Accounts
 * scheduled for deletion are left out.
 */
export async function searchUserDirectory(
  db: Queryable,
  viewerId: string,
  search: DirectorySearch,
): Promise<{ users: DirectoryEntryJson[]; totalCount: number }> {
  const query = search.query;
  // The name test spells out the expression of the trigram index on users.name.
  const matchesQuery = query === undefined
    ? sql`true`
    : sql`(
        lower(stashsphere_unaccent(u.name)) like '%' || lower(stashsphere_unaccent(${escapeLikePattern(query)}::text)) || '%'
        or lower(u.email) = lower(${query}::text)
      )`;

  const listed = sql`
    select u.id, u.name, count(*) over ()::int as total_count
    from users u
    where u.purge_at is null and ${matchesQuery}
    order by lower(u.name), u.id
    limit ${search.page.perPage} offset ${offsetOf(search.page)}`;
  const rows = await db.query<DirectoryEntryRow & { total_count: number }>(
    directoryEntriesStatement(viewerId, listed, sql`lower(u.name), u.id`),
  );

  let totalCount = rows[0]?.total_count ?? 0;
  if (rows.length === 0 && search.page.page > 0) {
    // A page past the end has no rows to carry the count.
    const [count] = await db.query<{ total_count: number }>(sql`
      select count(*)::int as total_count from users u where u.purge_at is null and ${matchesQuery}`);
    totalCount = count?.total_count ?? 0;
  }
  return { users: rows.map(toDirectoryEntryJson), totalCount };
}

/**
 * Look up users by id as `viewerId`, in the order given, leaving out unknown ids. Accounts
 * scheduled for deletion are included: they still own things that show their owner.
 */
export async function findUsersByIds(db: Queryable, viewerId: string, ids: readonly string[]): Promise<DirectoryEntryJson[]> {
  if (ids.length === 0) return [];
  const listed = sql`
    select u.id, u.name, requested.position
    from unnest(${[...ids]}::text[]) with ordinality as requested (id, position)
    join users u on u.id = requested.id`;
  const rows = await db.query<DirectoryEntryRow>(directoryEntriesStatement(viewerId, listed, sql`u.position`));
  return rows.map(toDirectoryEntryJson);
}
