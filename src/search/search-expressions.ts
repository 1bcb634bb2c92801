import { sql, type SqlFragment } from "../db/sql.ts";

// Text is compared after removing accents and folding case, with exactly the expressions the
// search indexes are built on (migrations trigram_search and full_text_search), because
// PostgreSQL uses an expression index only for a query that repeats its expression.

/** `lower(stashsphere_unaccent(column))`: the trigram-indexed form of a column. */
export function normalized(column: string): SqlFragment {
  return sql`lower(stashsphere_unaccent(${sql.raw(column)}))`;
}

/** `to_tsvector('simple', lower(stashsphere_unaccent(column)))`: the word-indexed form of a column. */
export function words(column: string): SqlFragment {
  return sql`to_tsvector('simple', ${normalized(column)})`;
}

/** Fold a search term the same way as the columns it is compared with. */
export function normalizedTerm(term: string): SqlFragment {
  return sql`lower(stashsphere_unaccent(${term}::text))`;
}

/**
 * Build a LIKE pattern matching the folded term anywhere in a text. `\`, `%` and `_` in the term
 * are escaped (backslash is LIKE's default escape character), so they match only themselves.
 */
export function substringPattern(term: string): SqlFragment {
  return sql`'%' || replace(replace(replace(${normalizedTerm(term)}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}

/**
 * Build a tsquery that matches texts containing every word of `text`, each as a whole word or,
 * with `prefix`, as the beginning of a word. The words come from the same parser as the
 * indexed texts, and each is quoted, so operators such as `!`, `&`, `|`, `<->` and `:*` in
 * the text are never read as tsquery syntax. Text without words gives NULL, which matches
 * nothing.
 */
export function allWordsQuery(text: SqlFragment, options: { prefix: boolean }): SqlFragment {
  const suffix = options.prefix ? ":*" : "";
  return sql`(
    select string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ${`'${suffix}`}, ' & ')::tsquery
    from unnest(to_tsvector('simple', ${text}))
  )`;
}

/**
 * Quote the text of the SQL expression `expression` as one tsquery lexeme, as `allWordsQuery`
 * quotes each of its words, so no character of it is read as tsquery syntax. `suffix` ":*"
 * makes it a word start. `expression` is SQL of our code, never input.
 */
export function quotedLexeme(expression: string, suffix: "" | ":*" = ""): SqlFragment {
  return sql.raw(`('''' || replace(replace(${expression}, '\\', '\\\\'), '''', '''''') || '''${suffix}')`);
}
