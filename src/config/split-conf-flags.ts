/**
 * Turn the values of every `--conf` flag into the list of files to load, in order: the flag
 * may be repeated, and each value may list several files separated by commas. Blank entries
 * (as in a trailing comma) are skipped.
 *
 * NOTE: a path that contains a comma cannot be passed; the original server had the same limit.
 */
export function splitConfFlags(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(",")).map((file) => file.trim()).filter((file) => file !== "");
}
