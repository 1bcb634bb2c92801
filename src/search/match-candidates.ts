import { sql, type SqlFragment } from "../db/sql.ts";
import { listVisibleThroughIndexes, thingSharedBeyondIndexes, thingVisibleThroughIndexes } from "../shares/visibility.ts";
import { allWordsQuery, normalized, normalizedTerm, substringPattern, words } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

/**
 * How well a hit matches, best first. Whole words and word starts come from the word index,
 * which needs no recheck of the row. Substrings and typos come from the trigram index, which
 * does, so they are looked for only when words alone find too little.
 */
export const matchTier = { word: 0, wordStart: 1, substring: 2, similar: 3 } as const;

/**
 * A searched text column, the alias of the thing or list row it belongs to (whose id,
 * creation time and name the branch returns), and which rows are searched.
 */
interface SearchedColumn {
  from: string;
  row: string;
  column: string;
  /** A condition on the rows of `from` for the viewer, checked together with the match. */
  among: (viewerId: string) => SqlFragment;
  /** The rows `among` leaves to a second branch (see `thingSharedBeyondIndexes`). */
  amongBeyondIndexes?: SqlFragment;
}

// Things are searched only among those the viewer may see. PostgreSQL combines those
// conditions with the text index before it reads a row, so a common word costs what the
// viewer sees of it rather than what the whole instance holds.
const visibleThing = (viewerId: string) => thingVisibleThroughIndexes(viewerId, "t");

// A property index condition that keeps the properties of the viewer's own things, of their
// friends' and common-friend owners' things, and of things shared with them. A friend's
// private things pass too, so the exact rule is tested afterwards on the joined thing. The
// condition lets PostgreSQL AND the owner and thing indexes with the text index.
const propertyOfPossiblyVisibleThing = (viewerId: string) => sql`(
  p.owner_id = any(array(
    select ${viewerId}::text union all select id from viewer_friends union all select id from viewer_common_friend_owners
  ))
  or p.thing_id = any(array(select id from viewer_shared_things where not (select many from viewer_shared_things_many)))
)`;

const thingColumns: SearchedColumn[] = [
  { from: "things t", row: "t", column: "t.name", among: visibleThing, amongBeyondIndexes: thingSharedBeyondIndexes("t.id") },
  { from: "things t", row: "t", column: "t.description", among: visibleThing, amongBeyondIndexes: thingSharedBeyondIndexes("t.id") },
  {
    from: "properties p join things t on t.id = p.thing_id",
    row: "t",
    column: "p.value_string",
    among: (viewerId) => sql`${propertyOfPossiblyVisibleThing(viewerId)} and ${visibleThing(viewerId)}`,
    amongBeyondIndexes: thingSharedBeyondIndexes("p.thing_id"),
  },
  // Private notes only among the viewer's own things.
  { from: "things t", row: "t", column: "t.private_note", among: (viewerId) => sql`t.owner_id = ${viewerId}` },
];

// Lists are searched only among those the viewer may see, as things are.
const listColumns: SearchedColumn[] = [
  { from: "lists l", row: "l", column: "l.name", among: (viewerId) => listVisibleThroughIndexes(viewerId, "l") },
];

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
 * Build a `select id, created_at, name, tier` of the rows with a column matching the term,
 * each with its best tier, as a union of one branch per column and way of matching so that each branch can use
 * its own index. Returns undefined when the term has no way of matching (symbols only,
 * without trigrams).
 */
function tiersForTerm(columns: SearchedColumn[], term: SearchTerm, viewerId: string, withTrigrams: boolean): SqlFragment | undefined {
  const branches: SqlFragment[] = [];
  for (const searched of columns) {
    for (const [tier, condition] of termConditions(searched.column, term, { withTrigrams })) {
      const row = sql.raw(searched.row);
      const branch = (among: SqlFragment) =>
        sql`select ${row}.id, ${row}.created_at, ${row}.name, ${tier}::int as tier from ${sql.raw(searched.from)} where ${among} and ${condition}`;
      branches.push(branch(searched.among(viewerId)));
      if (searched.amongBeyondIndexes) branches.push(branch(searched.amongBeyondIndexes));
    }
  }
  if (branches.length === 0) return undefined;
  return sql`select id, created_at, name, min(tier) as tier from (${sql.join(branches, " union all ")}) as branch group by id, created_at, name`;
}

/**
 * Build a `select id, created_at, name, tier` of the rows the viewer may see that match every
 * term. A row's tier is that of its worst-matching term. With `withTrigrams` false only the
 * word index is used.
 */
function tiersForAllTerms(columns: SearchedColumn[], terms: SearchTerm[], viewerId: string, withTrigrams: boolean): SqlFragment {
  const perTerm = terms.map((term) => tiersForTerm(columns, term, viewerId, withTrigrams));
  if (perTerm.some((fragment) => fragment === undefined)) {
    return sql`select null::text as id, null::timestamptz as created_at, null::text as name, null::int as tier where false`;
  }
  const [first, ...rest] = perTerm as SqlFragment[];
  const joins = rest.map((fragment, index) => sql` join (${fragment}) as term${sql.raw(String(index + 1))} using (id)`);
  const tiers = rest.map((_, index) => sql`, term${sql.raw(String(index + 1))}.tier`);
  return sql`select id, term0.created_at, term0.name, greatest(term0.tier${sql.join(tiers, "")}) as tier from (${first}) as term0${sql.join(joins, "")}`;
}

export const thingTiers = (terms: SearchTerm[], viewerId: string, withTrigrams: boolean) =>
  tiersForAllTerms(thingColumns, terms, viewerId, withTrigrams);
export const listTiers = (terms: SearchTerm[], viewerId: string, withTrigrams: boolean) =>
  tiersForAllTerms(listColumns, terms, viewerId, withTrigrams);
