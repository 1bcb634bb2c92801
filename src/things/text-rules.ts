import * as v from "valibot";

/**
 * Text checks shared by the thing and property schemas. Lengths count Unicode code points,
 * as PostgreSQL's varchar(n) does, so "at most 255 characters" here and in the database agree
 * for every script, emoji included. NUL characters are rejected everywhere because PostgreSQL
 * cannot store them in text.
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

const withoutNul = v.check((text: string) => !text.includes("\u0000"), "must not contain NUL characters");

/** Free text up to `max` code points; the empty string is allowed. */
export function text(max: number) {
  return v.pipe(
    v.string("must be a string"),
    withoutNul,
    v.check((value: string) => codePointLength(value) <= max, `must be at most ${max} characters`),
  );
}

/** Check a name: trimmed, then 1 to `max` code points. */
export function trimmedName(max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.nonEmpty("must not be empty"),
    withoutNul,
    v.check((value: string) => codePointLength(value) <= max, `must be at most ${max} characters`),
  );
}
