import { sql, type SqlFragment } from "../db/sql.ts";
import { allWordsQuery, normalized, normalizedTerm, substringPattern, words } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

/**
 * How well a hit matches, best first. Whole words and word starts come from the word index,
 * which needs no recheck of the row. Substrings and typos come from the trigram index, which
 * does, so they are looked for only when words alone find too little.
 */
export const matchTier = { word: 0, wordStart: 1, substring: 2, similar: 3 } as const;

/** A searched text column and the id of the thing or list it belongs to. */
interface SearchedColumn {
  from: string;
  id: string;
  column: string;
  /** Searched only among the viewer's own things (private notes). */
  ownerOnly?: boolean;
}

const thingColumns: SearchedColumn[] = [
  { from: "things t", id: "t.id", column: "t.name" },
  { from: "things t", id: "t.id", column: "t.description" },
  { from: "properties p", id: "p.thing_id", column: "p.value_string" },
  { from: "things t", id: "t.id", column: "t.private_note", ownerOnly: true },
];

const listColumns: SearchedColumn[] = [{ from: "lists l", id: "l.id", column: "l.name" }];

/** List the ways a term is matched against a column, with the tier each match gives. */
function termConditions(column: string, term: SearchTerm, options: { withTrigrams: boolean }): [number, SqlFragment][] {
  const termText = normalizedTerm(term.text);
  const conditions: [number, SqlFragment][] = [];
  if (term.byWords) {
    conditions.push([matchTier.word, sql`${words(column)} @@ ${allWordsQuery(termText, { prefix: false })}`]);
    conditions.push([matchTier.wordStart, sql`${words(column)} @@ ${allWordsQuery(termText, { prefix: true })}`]);
  }
  if (options.withTrigrams && term.bySubstring) {
    conditions.push([matchTier.substring, sql`${normalized(column)} like ${substringPattern(term.text)}`]);
  }
  if (options.withTrigrams && term.bySimilarity) {
    conditions.push([matchTier.similar, sql`${termText} <% ${normalized(column)}`]);
  }
  return conditions;
}

/**
 * Build a `select id, tier` of the rows with a column matching the term, each with its best
 * tier, as a union of one branch per column and way of matching so that each branch can use
 * its own index. Returns undefined when the term has no way of matching (symbols only,
 * without trigrams).
 */
function tiersForTerm(columns: SearchedColumn[], term: SearchTerm, viewerId: string, withTrigrams: boolean): SqlFragment | undefined {
  const branches: SqlFragment[] = [];
  for (const searched of columns) {
    const owner = searched.ownerOnly ? sql`t.owner_id = ${viewerId} and ` : sql.empty;
    for (const [tier, condition] of termConditions(searched.column, term, { withTrigrams })) {
      branches.push(sql`select ${sql.raw(searched.id)} as id, ${tier}::int as tier from ${sql.raw(searched.from)} where ${owner}${condition}`);
    }
  }
  if (branches.length === 0) return undefined;
  return sql`select id, min(tier) as tier from (${sql.join(branches, " union all ")}) as branch group by id`;
}

/**
 * Build a `select id, tier` of the rows that match every term, visible or not; a row's tier is
 * that of its worst-matching term. With `withTrigrams` false only the word index is used.
 */
function tiersForAllTerms(columns: SearchedColumn[], terms: SearchTerm[], viewerId: string, withTrigrams: boolean): SqlFragment {
  const perTerm = terms.map((term) => tiersForTerm(columns, term, viewerId, withTrigrams));
  if (perTerm.some((fragment) => fragment === undefined)) return sql`select null::text as id, null::int as tier where false`;
  const [first, ...rest] = perTerm as SqlFragment[];
  const joins = rest.map((fragment, index) => sql` join (${fragment}) as term${sql.raw(String(index + 1))} using (id)`);
  const tiers = rest.map((_, index) => sql`, term${sql.raw(String(index + 1))}.tier`);
  return sql`select id, greatest(term0.tier${sql.join(tiers, "")}) as tier from (${first}) as term0${sql.join(joins, "")}`;
}

export const thingTiers = (terms: SearchTerm[], viewerId: string, withTrigrams: boolean) =>
  tiersForAllTerms(thingColumns, terms, viewerId, withTrigrams);
export const listTiers = (terms: SearchTerm[], viewerId: string) => tiersForAllTerms(listColumns, terms, viewerId, true);
