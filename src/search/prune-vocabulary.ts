import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { quotedLexeme } from "./search-expressions.ts";

/** Queued words tested per call; the rest wait for the next purge pass, a minute later. */
const wordsPerPrune = 5000;

/**
 * Remove from `search_vocabulary` the queued words (`search_vocabulary_doubts`) that no thing
 * contains any more, and empty that part of the queue. Returns how many words were removed.
 *
 * NOTE: a thing written with a queued word while this runs may lose the word from the
 * vocabulary. Only typo matches of that word suffer, until a thing containing it is written
 * again.
 */
export async function pruneSearchVocabulary(tx: Queryable): Promise<number> {
  const lexeme = sql`${quotedLexeme("checked.word")}::tsquery`;
  const rows = await tx.query<{ removed: number }>(sql`
    with checked as (
      delete from search_vocabulary_doubts
      where word in (select word from search_vocabulary_doubts order by word limit ${wordsPerPrune})
      returning word
    ),
    removed as (
      delete from search_vocabulary v using checked
      where v.word = checked.word
        and not exists (select 1 from things t where t.search_words @@ ${lexeme})
        and not exists (select 1 from things t where t.note_words @@ ${lexeme})
      returning v.word
    )
    select count(*)::int as removed from removed`);
  return rows[0]?.removed ?? 0;
}
