/**
 * A configuration problem the operator must fix. `message` is one line that names the file,
 * the key and what was expected; `problems` lists every problem found, one line each.
 * Neither ever contains the value of a secret.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const [first = "invalid configuration", ...rest] = problems;
    super(rest.length === 0 ? first : `${first} (and ${rest.length} more ${rest.length === 1 ? "problem" : "problems"})`);
    this.problems = problems.length ? problems : [first];
  }
}
