import { sql, type SqlFragment } from "../db/sql.ts";
import { allWordsQuery, normalized, normalizedTerm, substringPattern, words } from "./search-expressions.ts";
import type { SearchTerm } from "./search-terms.ts";

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

/**
 * Build a `select` of ids with a column matching the term, as a union of one branch per column and
 * way of matching, so that each branch can use its own index.
 */
function idsMatchingTerm(columns: SearchedColumn[], term: SearchTerm, viewerId: string): SqlFragment {
  const branches: SqlFragment[] = [];
  for (const searched of columns) {
    const conditions: SqlFragment[] = [];
    if (term.byWords) conditions.push(sql`${words(searched.column)} @@ ${allWordsQuery(normalizedTerm(term.text), { prefix: true })}`);
    if (term.bySubstring) conditions.push(sql`${normalized(searched.column)} like ${substringPattern(term.text)}`);
    if (term.bySimilarity) conditions.push(sql`${normalizedTerm(term.text)} <% ${normalized(searched.column)}`);
    const owner = searched.ownerOnly ? sql`t.owner_id = ${viewerId} and ` : sql.empty;
    for (const condition of conditions) {
      branches.push(sql`select ${sql.raw(searched.id)} from ${sql.raw(searched.from)} where ${owner}${condition}`);
    }
  }
  return sql.join(branches, " union ");
}

/** Build a `select` of the ids of things (or lists) that match every term somewhere, visible or not. */
function idsMatchingAllTerms(columns: SearchedColumn[], terms: SearchTerm[], viewerId: string): SqlFragment {
  return sql.join(terms.map((term) => sql`(${idsMatchingTerm(columns, term, viewerId)})`), " intersect ");
}

export const thingIdsMatching = (terms: SearchTerm[], viewerId: string) => idsMatchingAllTerms(thingColumns, terms, viewerId);
export const listIdsMatching = (terms: SearchTerm[], viewerId: string) => idsMatchingAllTerms(listColumns, terms, viewerId);
