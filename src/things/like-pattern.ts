/**
 * Escape LIKE's wildcards `%` and `_` and its escape character `\` (PostgreSQL's default), so
 * the text matches only itself inside a pattern such as `'%' || $1 || '%'`.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
