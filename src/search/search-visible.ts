import { queryOne, type Database } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import { visibilityCtes } from "../shares/visibility.ts";
import { listTiers, matchTier, thingTiers, viewerWordPrefixes } from "./match-candidates.ts";
import { normalizedTerm } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

export interface SearchHit {
  kind: "thing" | "list";
  id: string;
}

/**
 * Substring and typo matches are looked for only when whole words and word starts find fewer
 * visible things (or lists) than this. Checking a trigram match means computing the folded
 * text of every candidate row, which for a common word is most of the search's cost.
 */
export const trigramFallbackBelow = 20;

/**
 * CTEs `<name>_hits (id, created_at, name, tier)`: the visible rows of one kind that match
 * every term, from the word index alone when that finds enough, else also by trigrams. The
 * tiers carry the row's creation time and name, so a row is read once.
 */
function hitsCtes(name: string, tiers: (withTrigrams: boolean) => SqlFragment): SqlFragment {
  const n = (suffix: string) => sql.raw(`${name}_${suffix}`);
  return sql`
    ${n("word_hits")} as materialized (${tiers(false)}),
    ${n("hits")} as (
      select * from ${n("word_hits")} where (select count(*) from ${n("word_hits")}) >= ${trigramFallbackBelow}
      union all
      select * from (${tiers(true)}) as matched where (select count(*) from ${n("word_hits")}) < ${trigramFallbackBelow}
    )`;
}

/**
 * Find the things and lists the viewer may see that match every term, ranked and paged in
 * one statement. Returns one page of hits and the number of all hits.
 *
 * Things and lists are matched only among those the viewer may see
 * (`thingVisibleThroughIndexes`, `listVisibleThroughIndexes`), so the text index and the
 * owner indexes are combined before rows are read. Property values are narrowed the same way
 * by the thing's owner, copied onto each property.
 * NOTE: the text index still returns every match of the instance before the owner bitmaps
 * narrow it. A word common across the instance ("red") therefore costs time in proportion to
 * all its index entries, though it no longer reads the rows.
 *
 * Ranking, best first: every term found as whole words, then as word starts, then as
 * substrings, then by similarity (typos). Within a tier, closer names come first among typo
 * matches, then newer entries, then by id, so pages are stable.
 */
export async function searchVisible(
  db: Database,
  viewerId: string,
  query: string,
  terms: SearchTerm[],
  page: Page,
  visibility: Parameters<typeof visibilityCtes>[1] = {},
): Promise<{ hits: SearchHit[]; totalCount: number }> {
  const statement = sql`
    with ${visibilityCtes(viewerId, visibility)},
    ${viewerWordPrefixes(viewerId)},
    ${hitsCtes("thing", (withTrigrams) => thingTiers(terms, viewerId, withTrigrams))},
    ${hitsCtes("list", (withTrigrams) => listTiers(terms, viewerId, withTrigrams))},
    ranked as (
      select kind, id, created_at, tier,
        case when tier = ${matchTier.similar} then word_similarity(${normalizedTerm(query)}, lower(stashsphere_unaccent(name))) else 0 end
          as similarity
      from (
        select 'thing' as kind, * from thing_hits
        union all
        select 'list', * from list_hits
      ) as hit
    ),
    -- Materialized in page order: both arrays read it back in the order it was written. A
    -- row_number() here would sort every hit instead of keeping the best ones of a page
    -- (10 ms for 9,521 hits).
    page as materialized (
      select kind, id from ranked
      order by tier, similarity desc, created_at desc, kind desc, id
      limit ${page.perPage} offset ${offsetOf(page)}
    )
    select
      (select count(*)::int from ranked) as total_count,
      array(select kind from page) as kinds,
      array(select id from page) as ids`;

  // A generic plan, made once per connection and statement text, cannot see how selective
  // this query's words are. But the statement has about forty subqueries, and a fresh plan
  // for each search took 15 to 17 ms of planning. Measured on the million-thing search
  // instance (bench/search.ts), the generic plan was faster for eight of nine queries ("drill"
  // p50 85 -> 69 ms, "lent" 42 -> 27 ms) and slower for "collection" (131 -> 141 ms), whose
  // list-name matches it misjudges. Parallel workers are switched off because starting them
  // took longer (about 100 ms on two busy cores) than the index scans they were meant to share.
  // The larger work_mem lets PostgreSQL hash the things seen only through shared lists
  // (`thingSharedBeyondIndexes`) even for viewers with hundreds of thousands of them. A set
  // too big for work_mem is searched row by row instead: a trial that tested 500,000 list
  // entries against 35,000 lists that way ran for over ten minutes.
  const row = await db.transaction(async (tx) => {
    await tx.query(sql`
      select set_config('plan_cache_mode', 'force_generic_plan', true),
        set_config('max_parallel_workers_per_gather', '0', true),
        set_config('work_mem', '32MB', true)`);
    return queryOne<{ total_count: number; kinds: SearchHit["kind"][]; ids: string[] }>(tx, statement);
  });

  const kinds = row?.kinds ?? [];
  const ids = row?.ids ?? [];
  return { hits: ids.map((id, index) => ({ kind: kinds[index]!, id })), totalCount: row?.total_count ?? 0 };
}
