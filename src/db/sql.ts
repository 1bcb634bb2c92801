/**
 * A composable SQL fragment: text with `$n` placeholders filled in only when the whole
 * statement is rendered, so fragments (a visibility predicate, an ORDER BY) can be nested
 * inside each other without the caller numbering parameters by hand.
 *
 * The same rendered text runs on PostgreSQL (postgres.js) and on the embedded PGlite, which is
 * why queries are written with this tag instead of a driver's own template function.
 */
export class SqlFragment {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/** Text that is pasted verbatim: identifiers and keywords chosen by our code, never user input. */
class RawSql {
  constructor(readonly text: string) {}
}

export interface RenderedQuery {
  text: string;
  values: unknown[];
}

/** Tag a SQL statement; interpolated values become parameters, fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return new SqlFragment(strings, values);
}

/** Paste trusted text (a column list, a sort direction) into a statement. */
sql.raw = (text: string): SqlFragment => new SqlFragment(["", ""], [new RawSql(text)]);

/** Join fragments with a separator, e.g. conditions with ` AND `. */
sql.join = (fragments: readonly SqlFragment[], separator = ", "): SqlFragment => {
  if (fragments.length === 0) return sql.empty;
  const strings: string[] = [""];
  const values: unknown[] = [];
  fragments.forEach((fragment, index) => {
    if (index > 0) strings[strings.length - 1] += separator;
    values.push(fragment);
    strings.push("");
  });
  return new SqlFragment(strings, values);
};

sql.empty = new SqlFragment([""], []);

/** Render a fragment into driver-ready text and a flat parameter list. */
export function renderSql(fragment: SqlFragment): RenderedQuery {
  const values: unknown[] = [];
  let text = "";

  const append = (part: SqlFragment) => {
    part.strings.forEach((chunk, index) => {
      text += chunk;
      if (index >= part.values.length) return;
      const value = part.values[index];
      if (value instanceof SqlFragment) {
        append(value);
      } else if (value instanceof RawSql) {
        text += value.text;
      } else {
        values.push(value === undefined ? null : value);
        text += `$${values.length}`;
      }
    });
  };

  append(fragment);
  return { text, values };
}
