import type { Context } from "hono";
import * as v from "valibot";
import { AppError, invalidInput } from "./errors.ts";

/** Turn the first valibot issue into a 400 that names the field, e.g. `name: must not be empty`. */
export function issueToError(issues: readonly v.BaseIssue<unknown>[]): AppError {
  const issue = issues[0];
  if (!issue) return invalidInput("invalid input");
  // valibot writes array indexes as `items.2.name`; clients expect the JSON path `items[2].name`.
  const path = v.getDotPath(issue)?.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
  const message = isMissingKey(issue) ? "is required" : issue.message;
  return invalidInput(path ? `${path}: ${message}` : message, path ?? undefined);
}

// valibot reports an absent object key as an issue of the enclosing object schema, with that
// schema's message, which does not mention the key.
function isMissingKey(issue: v.BaseIssue<unknown>): boolean {
  const last = issue.path?.at(-1);
  return issue.kind === "schema" && issue.type === "object" && last !== undefined && last.value === undefined;
}

/**
 * Find the first string in `value` that PostgreSQL cannot store as text: one with a NUL
 * character, or with half of a UTF-16 surrogate pair (which the driver would replace with
 * U+FFFD unasked). Returns the JSON path of its field ("" for the value itself) and the reason.
 */
export function unstorableText(value: unknown, path = ""): { path: string; reason: string } | undefined {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return { path, reason: "must not contain NUL characters" };
    if (!value.isWellFormed()) return { path, reason: "must be valid Unicode (it contains an unpaired surrogate)" };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableText(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableText(key, path) ?? unstorableText(item, path === "" ? key : `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Validate any value against a schema, throwing the standard 400 on failure. Text that
 * PostgreSQL cannot store is rejected first, in any field, so no endpoint passes it to a
 * statement and fails there with a 500.
 */
export function parseWith<Schema extends v.GenericSchema | v.GenericSchemaAsync>(
  schema: Schema,
  input: unknown,
): v.InferOutput<Schema> {
  const unstorable = unstorableText(input);
  if (unstorable) {
    const { path, reason } = unstorable;
    throw invalidInput(path === "" ? reason : `${path}: ${reason}`, path === "" ? undefined : path);
  }
  const result = v.safeParse(schema as v.GenericSchema, input);
  if (!result.success) throw issueToError(result.issues);
  return result.output as v.InferOutput<Schema>;
}

/**
 * Read and validate a JSON request body. A missing or non-JSON content type is a 415, text that
 * is not JSON a 400 naming the position, and a schema failure a 400 naming the field.
 */
export async function readJsonBody<Schema extends v.GenericSchema>(
  c: Context,
  schema: Schema,
): Promise<v.InferOutput<Schema>> {
  const contentType = c.req.header("content-type") ?? "";
  const text = await c.req.text();
  if (text.trim() === "") return parseWith(schema, {});
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "request body must be JSON (Content-Type: application/json)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`request body is not valid JSON: ${(error as Error).message}`);
  }
  return parseWith(schema, parsed);
}

/** Validate the query string. Repeated keys (`?filterOwnerId=a&filterOwnerId=b`) arrive as arrays. */
export function readQuery<Schema extends v.GenericSchema>(c: Context, schema: Schema): v.InferOutput<Schema> {
  const query: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return parseWith(schema, query);
}

/** Schemas shared by many routes. */
export const idSchema = v.pipe(
  v.string(),
  v.minLength(1, "must not be empty"),
  v.maxLength(64, "must be at most 64 characters"),
  v.regex(/^[A-Za-z0-9_-]+$/, "must be an id of letters, digits, '_' and '-'"),
);

/** A query-string integer such as `page=2`, with bounds. */
export function queryInteger(min: number, max: number, fallback: number) {
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.number(),
      v.minValue(min, `must be at least ${min}`),
      v.maxValue(max, `must be at most ${max}`),
    ),
    String(fallback),
  );
}

/** A query-string boolean in the spellings the original accepted (1/t/true/0/f/false, any case). */
export const queryBoolean = (fallback: boolean) =>
  v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.picklist(["1", "t", "true", "0", "f", "false"], "must be true or false"),
      v.transform((value) => value === "1" || value === "t" || value === "true"),
    ),
    String(fallback),
  );

/**
 * Message for `v.object(entries, objectMessage)`. valibot reports a missing key through the
 * object schema with no input, which would otherwise read "Invalid key: Expected …".
 */
export const objectMessage = (issue: v.BaseIssue<unknown>): string => (issue.input === undefined ? "is required" : "must be a JSON object");
