import { sql, type SqlFragment } from "../db/sql.ts";
import { listVisibleThroughIndexes, thingSharedBeyondIndexes, thingVisibleThroughIndexes } from "../shares/visibility.ts";
import { allWordsQuery, normalized, normalizedTerm, quotedLexeme, substringPattern, words } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

/**
 * How well a hit matches, best first. Whole words and word starts come from the word index,
 * which needs no recheck of the row. Substrings and typos come from the trigram index, which
 * does, so they are looked for only when words alone find too little.
 */
export const matchTier = { word: 0, wordStart: 1, substring: 2, similar: 3 } as const;

/**
 * A searched column: the table it belongs to, the alias of the thing or list row (whose id,
 * creation time and name the branch returns), how its words and its substrings are found, and
 * which rows are searched.
 */
interface SearchedColumn {
  from: string;
  row: string;
  /**
   * Whole words and word starts. "thing words" are the stored words of things (see
   * `thingWordBranches`); `text` is a text column with a word index on its folded form.
   */
  words?: "thing words" | { text: string };
  /** A text column with a trigram index on its folded form, for substrings and typos. */
  trigrams?: string;
  /** Typos are not looked for in `trigrams`: the "thing words" column finds them (`thingTypoBranches`). */
  typosFromVocabulary?: true;
  /**
   * A condition on the rows of `from` for the viewer, checked together with the match. The
   * branches of "thing words" carry their own.
   */
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
// condition lets PostgreSQL AND the owner and thing indexes with the trigram index.
const propertyOfPossiblyVisibleThing = (viewerId: string) => sql`(
  p.owner_id = any(array(
    select ${viewerId}::text union all select id from viewer_friends union all select id from viewer_common_friend_owners
  ))
  or p.thing_id = any(array(select id from viewer_shared_things where not (select many from viewer_shared_things_many)))
)`;

const thingColumns: SearchedColumn[] = [
  { from: "things t", row: "t", words: "thing words", among: visibleThing },
  {
    from: "things t",
    row: "t",
    trigrams: "t.name",
    typosFromVocabulary: true,
    among: visibleThing,
    amongBeyondIndexes: thingSharedBeyondIndexes("t.id"),
  },
  {
    from: "things t",
    row: "t",
    trigrams: "t.description",
    typosFromVocabulary: true,
    among: visibleThing,
    amongBeyondIndexes: thingSharedBeyondIndexes("t.id"),
  },
  {
    from: "properties p join things t on t.id = p.thing_id",
    row: "t",
    trigrams: "p.value_string",
    typosFromVocabulary: true,
    among: (viewerId) => sql`${propertyOfPossiblyVisibleThing(viewerId)} and ${visibleThing(viewerId)}`,
    amongBeyondIndexes: thingSharedBeyondIndexes("p.thing_id"),
  },
  // Private notes only among the viewer's own things; their words are among the thing words.
  { from: "things t", row: "t", trigrams: "t.private_note", typosFromVocabulary: true, among: (viewerId) => sql`t.owner_id = ${viewerId}` },
];

// Lists are searched only among those the viewer may see, as things are.
const listColumns: SearchedColumn[] = [
  { from: "lists l", row: "l", words: { text: "l.name" }, trigrams: "l.name", among: (viewerId) => listVisibleThroughIndexes(viewerId, "l") },
];

/** The expression of things_owned_words_idx (migration thing_search_words). */
const ownedWords = sql`stashsphere_owned_words(t.owner_id, t.sharing_state, t.search_words, t.note_words)`;

const tierLiteral = (tier: number) => sql.raw(String(tier));

/**
 * Build the `select <columns>` branches for the things seen only through shares and shared
 * lists whose stored words match `query`. Few of them are tested one by one; many go through
 * the index of plain words (things_search_words_idx) and a hash of the set.
 */
function sharedThingBranches(columns: SqlFragment, query: SqlFragment): SqlFragment[] {
  return [
    sql`select ${columns} from things t
      where t.id = any(array(select id from viewer_shared_things where not (select many from viewer_shared_things_many)))
        and t.search_words @@ ${query}`,
    sql`select ${columns} from things t where ${thingSharedBeyondIndexes("t.id")} and t.search_words @@ ${query}`,
  ];
}

/**
 * Build the `select id, created_at, name, tier` branches that find the things the viewer may
 * see whose words (name, description, string property values and, for the viewer's own
 * things, private note) start with the term's words.
 *
 * things_owned_words_idx finds the things the owner rules show. Its entries carry the owner
 * and the sharing state, and the term's words are looked up under each prefix of
 * `viewer_word_prefixes`, one small index scan per prefix. So only the entries of owners the
 * viewer may see are read. One scan for all prefixes at once, joined by "|", compares every
 * hit with every prefix: its index part took 13.6 ms instead of 2 ms for 104 prefixes and
 * "red", and it grows with hits times prefixes.
 *
 * Every whole word is also a word start, so one lookup finds both, and the stored words of
 * each hit tell them apart.
 */
function thingWordBranches(term: SearchTerm, viewerId: string): SqlFragment[] {
  const termText = normalizedTerm(term.text);
  const wholeWords = allWordsQuery(termText, { prefix: false });
  const tier = sql`case when t.search_words @@ ${wholeWords} or (t.owner_id = ${viewerId} and t.note_words @@ ${wholeWords})
    then ${tierLiteral(matchTier.word)} else ${tierLiteral(matchTier.wordStart)} end`;
  const columns = sql`t.id, t.created_at, t.name, ${tier} as tier`;
  const lexemes = sql`array(select lexeme from unnest(to_tsvector('simple', ${termText})))`;
  return [
    sql`select ${columns}
      from viewer_word_prefixes p
      cross join lateral (
        select string_agg(${quotedLexeme("p.prefix || lexeme", ":*")}, ' & ')::tsquery as query
        from unnest(${lexemes}) as lexeme
      ) as owned
      join things t on ${ownedWords} @@ owned.query`,
    ...sharedThingBranches(columns, allWordsQuery(termText, { prefix: true })),
  ];
}

/**
 * Build the `select id, created_at, name, tier` branches that find the things the viewer may
 * see with a word close to the term (trigram word similarity of at least 0.6, as `<%`). The
 * close words come from `search_vocabulary` (migration search_vocabulary), and each is then
 * looked up as a whole word, as in `thingWordBranches`. So a typo costs what the viewer's
 * owners have of the few close words, not a trigram recheck of every candidate row.
 */
function thingTypoBranches(term: SearchTerm): SqlFragment[] {
  const closeWords = sql`array(select v.word from search_vocabulary v where ${normalizedTerm(term.text)} <% v.word)`;
  const anyCloseWord = sql`(select string_agg(${quotedLexeme("word")}, ' | ')::tsquery from unnest(${closeWords}) as word)`;
  const columns = sql`t.id, t.created_at, t.name, ${tierLiteral(matchTier.similar)} as tier`;
  return [
    sql`select ${columns}
      from unnest(${closeWords}) as word
      cross join viewer_word_prefixes p
      join things t on ${ownedWords} @@ ${quotedLexeme("p.prefix || word")}::tsquery`,
    ...sharedThingBranches(columns, anyCloseWord),
  ];
}

/**
 * CTE `viewer_word_prefixes (prefix)`: the prefixes of things_owned_words_idx under which the
 * viewer may find things, the owner part of `thingVisibleThroughIndexes`. Needs
 * `visibilityCtes`.
 */
export function viewerWordPrefixes(viewerId: string): SqlFragment {
  return sql`viewer_word_prefixes (prefix) as materialized (
    select ${viewerId}::text || own.letter from (values (' p '), (' f '), (' o '), (' n ')) as own (letter)
    union all select id || ' f ' from viewer_friends
    union all select id || ' o ' from viewer_friends
    union all select id || ' o ' from viewer_common_friend_owners
  )`;
}

/** List the ways a term is matched against a column: the tier each match gives, and its condition. */
function termConditions(searched: SearchedColumn, term: SearchTerm, options: { withTrigrams: boolean }): [SqlFragment, SqlFragment][] {
  const termText = normalizedTerm(term.text);
  const conditions: [SqlFragment, SqlFragment][] = [];
  if (term.byWords && searched.words && searched.words !== "thing words") {
    const indexed = words(searched.words.text);
    conditions.push([tierLiteral(matchTier.word), sql`${indexed} @@ ${allWordsQuery(termText, { prefix: false })}`]);
    conditions.push([tierLiteral(matchTier.wordStart), sql`${indexed} @@ ${allWordsQuery(termText, { prefix: true })}`]);
  }
  if (options.withTrigrams && searched.trigrams && term.bySubstring) {
    conditions.push([tierLiteral(matchTier.substring), sql`${normalized(searched.trigrams)} like ${substringPattern(term.text)}`]);
  }
  if (options.withTrigrams && searched.trigrams && !searched.typosFromVocabulary && term.bySimilarity) {
    conditions.push([tierLiteral(matchTier.similar), sql`${termText} <% ${normalized(searched.trigrams)}`]);
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
    if (term.byWords && searched.words === "thing words") branches.push(...thingWordBranches(term, viewerId));
    if (withTrigrams && term.bySimilarity && searched.words === "thing words") branches.push(...thingTypoBranches(term));
    for (const [tier, condition] of termConditions(searched, term, { withTrigrams })) {
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
