/**
 * Splits a SQL script into its statements at top-level semicolons.
 *
 * Both drivers run one statement per call on the extended protocol (postgres.js with
 * parameters, PGlite's `query`), so a migration file is cut up before it is run. To find the
 * semicolons that end statements, the lexer skips `--` and nested `/* *\/` comments,
 * single-quoted strings (with `''`, and backslash escapes in `E'…'` strings), quoted
 * identifiers and dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`).
 * Statements that hold nothing but whitespace and comments are dropped.
 *
 * NOTE: a `CREATE FUNCTION … BEGIN ATOMIC … END` body contains top-level semicolons and is
 * cut in the wrong places; write such functions with a dollar-quoted body instead.
 */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasCode = false;
  let index = 0;

  const finishStatement = (end: number) => {
    if (hasCode) statements.push(script.slice(start, end).trim());
    start = end + 1;
    hasCode = false;
  };

  while (index < script.length) {
    const char = script[index]!;
    const next = script[index + 1];

    if (char === "-" && next === "-") {
      const lineEnd = script.indexOf("\n", index);
      index = lineEnd === -1 ? script.length : lineEnd + 1;
      continue;
    }
    if (char === "/" && next === "*") {
      index = skipBlockComment(script, index);
      continue;
    }
    if (char === ";") {
      finishStatement(index);
      index += 1;
      continue;
    }

    hasCode ||= !/\s/.test(char);
    if (char === "'") {
      index = skipQuoted(script, index, "'", isEscapeStringPrefix(script, index));
    } else if (char === '"') {
      index = skipQuoted(script, index, '"', false);
    } else if (char === "$") {
      index = skipDollarQuoted(script, index);
    } else {
      index += 1;
    }
  }

  finishStatement(script.length);
  return statements;
}

/** Returns the index just past a block comment starting at `open`. PostgreSQL nests them. */
function skipBlockComment(script: string, open: number): number {
  let depth = 0;
  let index = open;
  while (index < script.length) {
    if (script.startsWith("/*", index)) {
      depth += 1;
      index += 2;
    } else if (script.startsWith("*/", index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  throw new SyntaxError(`unterminated comment starting at offset ${open}`);
}

/** Returns the index just past a string or identifier quoted with `quote`, opened at `open`. */
function skipQuoted(script: string, open: number, quote: string, backslashEscapes: boolean): number {
  let index = open + 1;
  while (index < script.length) {
    const char = script[index];
    if (backslashEscapes && char === "\\") {
      index += 2;
    } else if (char === quote) {
      // A doubled quote stands for one quote character inside the literal.
      if (script[index + 1] !== quote) return index + 1;
      index += 2;
    } else {
      index += 1;
    }
  }
  throw new SyntaxError(`unterminated ${quote === "'" ? "string" : "quoted identifier"} starting at offset ${open}`);
}

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;
const dollarTag = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** Tells whether the quote at `quoteIndex` opens an `E'…'` string, where backslashes escape. */
function isEscapeStringPrefix(script: string, quoteIndex: number): boolean {
  const prefix = script[quoteIndex - 1];
  if (prefix !== "E" && prefix !== "e") return false;
  const beforePrefix = script[quoteIndex - 2];
  return beforePrefix === undefined || !identifierChar.test(beforePrefix);
}

/**
 * Returns the index just past a dollar-quoted body opened at `open`, or `open + 1` when the `$`
 * opens no body (a parameter such as `$1`, or a `$` inside an identifier).
 */
function skipDollarQuoted(script: string, open: number): number {
  const before = script[open - 1];
  if (before !== undefined && identifierChar.test(before)) return open + 1;

  dollarTag.lastIndex = open;
  const tag = dollarTag.exec(script);
  if (!tag) return open + 1;

  const close = script.indexOf(tag[0], open + tag[0].length);
  if (close === -1) throw new SyntaxError(`unterminated dollar-quoted string ${tag[0]} starting at offset ${open}`);
  return close + tag[0].length;
}
