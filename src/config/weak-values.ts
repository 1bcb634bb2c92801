import * as v from "valibot";

/**
 * Value schemas with the weak typing of the original server's decoder. The file reader keeps
 * every unquoted scalar as its source text (see read-config-file.ts), so each schema here
 * decides how to read text: "5432" becomes a number only where a number is expected, and
 * `password: 0123` stays the string "0123".
 */

export interface ValueSpec<Output> {
  /** Short type for the configuration reference, e.g. "integer (1–65535)". */
  type: string;
  /** What an error message names as expected, e.g. "an integer from 1 to 65535". */
  expected: string;
  /** Convert the input, or return undefined when it cannot be read as this type. */
  coerce(input: unknown): Output | undefined;
  /** Secrets never appear in messages: the value is shown as `<redacted>`. */
  secret?: boolean;
}

export const redacted = "<redacted>";

/** Render a rejected value for an error message: strings quoted and cut short, maps and lists by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  return String(value);
}

/** Build a schema that converts with `spec.coerce` and reports "expected …, got …" on failure. */
export function weakValue<Output>(spec: ValueSpec<Output>) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, Output>(({ dataset, addIssue, NEVER }) => {
      const output = spec.coerce(dataset.value);
      if (output === undefined) {
        const got = spec.secret ? redacted : describeValue(dataset.value);
        addIssue({ message: `expected ${spec.expected}, got ${got}` });
        return NEVER;
      }
      return output;
    }),
    v.metadata({ type: spec.type, secret: spec.secret ?? false }),
  );
}

export type WeakValueSchema<Output> = ReturnType<typeof weakValue<Output>>;

/** Numbers and booleans become their decimal or `true`/`false` text, as the original decoder did. */
function coerceText(input: unknown): string | undefined {
  if (typeof input === "string") return input;
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  return undefined;
}

export function text() {
  return weakValue({ type: "string", expected: "a string", coerce: coerceText });
}

export function nonEmptyText() {
  return weakValue({
    type: "string (not empty)",
    expected: "a non-empty string",
    coerce: (input) => {
      const output = coerceText(input);
      return output === "" ? undefined : output;
    },
  });
}

export function secretText() {
  return weakValue({ type: "string (secret)", expected: "a string", coerce: coerceText, secret: true });
}

/** Whole numbers written in decimal, as numbers or as text; `min` and `max` are inclusive. */
export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  const bounded = min > Number.MIN_SAFE_INTEGER || max < Number.MAX_SAFE_INTEGER;
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return weakValue({
    type: bounded ? `integer (${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`})` : "integer",
    expected: bounded ? `an integer ${range}` : "an integer",
    coerce: (input) => {
      const number = typeof input === "string" && /^\s*[+-]?\d+\s*$/.test(input) ? Number(input) : input;
      if (typeof number !== "number" || !Number.isSafeInteger(number)) return undefined;
      return number >= min && number <= max ? number : undefined;
    },
  });
}

// The strings Go's strconv.ParseBool accepts, so every boolean the original read still works.
const booleanTexts: Record<string, boolean> = {
  true: true, True: true, TRUE: true, t: true, T: true, "1": true,
  false: false, False: false, FALSE: false, f: false, F: false, "0": false,
};

export function boolean() {
  return weakValue({
    type: "boolean",
    expected: "true or false",
    coerce: (input) => {
      if (typeof input === "boolean") return input;
      if (typeof input === "string" || typeof input === "number") return booleanTexts[String(input)];
      return undefined;
    },
  });
}

/** Accept one of a closed set of strings, compared exactly. */
export function oneOf<const Choice extends string>(choices: readonly Choice[]) {
  const quoted = choices.map((choice) => `"${choice}"`);
  const expected = quoted.length === 2 ? `${quoted[0]} or ${quoted[1]}` : `one of ${quoted.join(", ")}`;
  return weakValue<Choice>({
    type: choices.join(" | "),
    expected,
    coerce: (input) => (choices as readonly unknown[]).includes(input) ? (input as Choice) : undefined,
  });
}

/** Check a string with a regular expression after reading it as text. */
export function matching(pattern: RegExp, type: string, expected: string) {
  return weakValue({
    type,
    expected,
    coerce: (input) => {
      const output = coerceText(input);
      return output !== undefined && pattern.test(output) ? output : undefined;
    },
  });
}

/**
 * Accept a list of `item`. A single value where a list is expected becomes a one-element list, as in
 * the original; a string is never split on commas.
 */
export function list<Item extends v.GenericSchema>(item: Item, type: string) {
  return v.pipe(
    v.unknown(),
    v.transform((input): unknown[] => (Array.isArray(input) ? input : [input])),
    v.array(item),
    v.metadata({ type, secret: false }),
  );
}
