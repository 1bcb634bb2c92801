import { queryOne, type Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import { listVisible, thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { listIdsMatching, thingIdsMatching } from "./match-candidates.ts";
import { allWordsQuery, normalized, normalizedTerm, substringPattern } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

export interface SearchHit {
  kind: "thing" | "list";
  id: string;
}

/**
 * Find the things and lists the viewer may see that match every term, ranked and paged in
 * one statement; returns one page of hits and the number of all hits.
 *
 * Candidates come from the search indexes, and the visibility rule then filters them. So the
 * work grows with the number of matches, not with the number of things the viewer can see.
 * Ranking, best first: every query word found as a whole word, then as the start of a word,
 * then every term found as a substring, then matches by similarity only (typos). Within a
 * rank, names more similar to the query come first, then newer entries, then by id, so pages
 * are stable.
 */
export async function searchVisible(
  db: Database,
  viewerId: string,
  query: string,
  terms: SearchTerm[],
  page: Page,
): Promise<{ hits: SearchHit[]; totalCount: number }> {
  const documentMatchesEveryTerm = sql.join(
    terms.map((term) => sql`document like ${substringPattern(term.text)}`),
    " and ",
  );

  const statement = sql`
    with ${visibilityCtes(viewerId)},
    matched as (
      select 'thing' as kind, t.id, t.created_at, ${normalized("t.name")} as name_text,
        lower(stashsphere_unaccent(concat_ws(' ', t.name, t.description,
          (select string_agg(p.value_string, ' ') from properties p where p.thing_id = t.id),
          case when t.owner_id = ${viewerId} then t.private_note end))) as document
      from things t
      where t.id in (${thingIdsMatching(terms, viewerId)}) and ${thingVisible(viewerId, "t")}
      union all
      select 'list', l.id, l.created_at, ${normalized("l.name")}, ${normalized("l.name")}
      from lists l
      where l.id in (${listIdsMatching(terms, viewerId)}) and ${listVisible(viewerId, "l")}
    ),
    with_words as materialized (
      select kind, id, created_at, name_text, document, to_tsvector('simple', document) as document_words
      from matched
    ),
    ranked as (
      select kind, id, created_at,
        case
          when document_words @@ ${allWordsQuery(normalizedTerm(query), { prefix: false })} then 0
          when document_words @@ ${allWordsQuery(normalizedTerm(query), { prefix: true })} then 1
          when ${documentMatchesEveryTerm} then 2
          else 3
        end as tier,
        word_similarity(${normalizedTerm(query)}, name_text) as name_similarity
      from with_words
    ),
    page as (
      select kind, id, row_number() over (order by tier, name_similarity desc, created_at desc, kind desc, id) as position
      from ranked
      order by tier, name_similarity desc, created_at desc, kind desc, id
      limit ${page.perPage} offset ${offsetOf(page)}
    )
    select
      (select count(*)::int from ranked) as total_count,
      array(select kind from page order by position) as kinds,
      array(select id from page order by position) as ids`;

  // A prepared statement that has run five times may switch to a generic plan, which cannot
  // see how selective this query's patterns are; measured on PostgreSQL 15, that plan was up to
  // twice as slow. Planning each search anew costs well under a millisecond.
  const row = await db.transaction(async (tx) => {
    await tx.query(sql`set local plan_cache_mode = force_custom_plan`);
    return queryOne<{ total_count: number; kinds: SearchHit["kind"][]; ids: string[] }>(tx, statement);
  });

  const kinds = row?.kinds ?? [];
  const ids = row?.ids ?? [];
  return { hits: ids.map((id, index) => ({ kind: kinds[index]!, id })), totalCount: row?.total_count ?? 0 };
}
