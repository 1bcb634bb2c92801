/** One whitespace-separated term of a search query, and the ways it is matched. */
export interface SearchTerm {
  text: string;
  /** Match words that start with the term's words (the word index). */
  byWords: boolean;
  /** Match the term anywhere in a text (the trigram index). */
  bySubstring: boolean;
  /** Match words that differ from the term by a typo (trigram word similarity). */
  bySimilarity: boolean;
}

export const maxSearchTerms = 10;

/**
 * Split a query into whitespace-separated terms, without duplicates, and choose how each is
 * matched. A term must match somewhere in a result, so more terms narrow the results.
 *
 * Terms with a letter or digit are matched as words, so a term of one or two characters
 * ("M6") finds words starting with it. Trigrams need three characters, so substring and typo
 * matches start at three. A term of symbols only ("%", "<->", an emoji) has no words and no
 * trigrams and is matched as a substring.
 */
export function splitSearchTerms(query: string): SearchTerm[] {
  const texts = [...new Set(query.split(/\s+/u).filter((text) => text !== ""))];
  return texts.map((text) => {
    const hasWord = /[\p{L}\p{N}]/u.test(text);
    const long = [...text].length >= 3;
    return { text, byWords: hasWord, bySubstring: long || !hasWord, bySimilarity: long && hasWord };
  });
}
