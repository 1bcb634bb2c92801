import { toJsonSchema, type JsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";

export type { JsonSchema };

// Valibot schemas are plain objects; this module reads their fields the way the converter does.
type SchemaNode = v.GenericSchema & Record<string, unknown>;
type PipeItem = { kind: string; type: string; message?: unknown } & Record<string, unknown>;

const converterConfig = { target: "draft-2020-12", typeMode: "input", errorMode: "throw" } as const;

/**
 * Render the input side of a valibot schema as JSON Schema (draft 2020-12, the dialect of
 * OpenAPI 3.1), for a request body, a query parameter or a path parameter.
 *
 * The rendering never rejects a value that the schema accepts, so a client that validates
 * against the document is never stricter than the server. Two kinds of rule cannot be expressed
 * in JSON Schema, so they appear in the `description` as the schema's own error messages. The
 * first are custom `check`s (code-point counts, e-mail syntax) and `finite`. The second are the
 * rules after a transformation (`trim`, `toLowerCase`, a conversion to a number), because
 * they apply to the changed value and not to what the client sends.
 *
 * NOTE: JSON Schema counts `minLength` in code points and valibot in UTF-16 units, so a
 * `minLength` above 1 on an untransformed string may reject a short string of emoji that the
 * server accepts. No request schema has one today.
 */
export function inputJsonSchema(schema: v.GenericSchema): JsonSchema {
  const rendered = toJsonSchema(documentationView(schema as SchemaNode), converterConfig);
  // OpenAPI 3.1 documents declare the dialect once; repeating it in every schema is noise.
  delete rendered.$schema;
  return rendered;
}

/**
 * Return the entries of an object schema (or of a pipe that starts with one), for turning a
 * query schema into one OpenAPI parameter per key.
 */
export function objectEntriesOf(schema: v.GenericSchema): Record<string, v.GenericSchema> {
  const root = flattenPipe([schema as SchemaNode])[0] as SchemaNode;
  if (!("entries" in root)) throw new Error(`expected an object schema, got ${root.type}`);
  return root.entries as Record<string, v.GenericSchema>;
}

/** Tell whether an object entry may be left out (valibot `optional`, `nullish`, `exactOptional`). */
export function isOptionalEntry(schema: v.GenericSchema): boolean {
  const root = flattenPipe([schema as SchemaNode])[0] as SchemaNode;
  return root.type === "optional" || root.type === "nullish" || root.type === "exact_optional" || root.type === "undefinedable";
}

/**
 * Copy the schema tree for the converter only: each pipe is cut at its first
 * transformation, and actions without a JSON Schema keyword are dropped, their messages kept
 * as the description.
 * The copy is never used to parse anything.
 */
function documentationView(schema: SchemaNode): SchemaNode {
  if ("pipe" in schema) return pipeView(schema);
  const copy: SchemaNode = { ...schema };
  if ("entries" in schema) {
    copy.entries = Object.fromEntries(Object.entries(schema.entries as Record<string, SchemaNode>).map(([key, entry]) => [key, documentationView(entry)]));
  }
  if ("wrapped" in schema) copy.wrapped = documentationView(schema.wrapped as SchemaNode);
  if ("item" in schema) copy.item = documentationView(schema.item as SchemaNode);
  if ("options" in schema && Array.isArray(schema.options) && schema.options.every(isSchema)) {
    copy.options = (schema.options as SchemaNode[]).map(documentationView);
  }
  return copy;
}

function pipeView(schema: SchemaNode): SchemaNode {
  const [first, ...rest] = flattenPipe(schema.pipe as PipeItem[]);
  const root = documentationView(first as unknown as SchemaNode);
  const cut = rest.findIndex((item) => item.kind === "transformation" || item.kind === "schema");
  const beforeCut = cut < 0 ? rest : rest.slice(0, cut);
  const afterCut = cut < 0 ? [] : rest.slice(cut);

  const kept = beforeCut.filter((item) => canRender(root, item));
  const notes: string[] = [];
  const checked = messagesOf(beforeCut.filter((item) => !kept.includes(item)));
  if (checked.length) notes.push(`Also checked: ${checked.join("; ")}.`);
  const later = messagesOf(afterCut);
  if (later.length) notes.push(`${afterCutPrefix(afterCut[0] as PipeItem)} ${later.join("; ")}.`);
  if (notes.length) kept.push(v.description(notes.join(" ")) as unknown as PipeItem);

  if (kept.length === 0) return root;
  return { ...root, pipe: [root, ...kept] };
}

function afterCutPrefix(transformation: PipeItem): string {
  if (transformation.type === "trim") return "Surrounding white space is removed, then:";
  if (transformation.type === "to_lower_case") return "Compared in lower case:";
  if (transformation.type === "to_upper_case") return "Compared in upper case:";
  return "After conversion:";
}

/** Tell whether the converter has a JSON Schema keyword for this action (it has none for `check` or `finite`). */
function canRender(root: SchemaNode, item: PipeItem): boolean {
  try {
    toJsonSchema({ ...root, pipe: [root, item] } as SchemaNode, converterConfig);
    return true;
  } catch {
    return false;
  }
}

function messagesOf(items: PipeItem[]): string[] {
  return items.flatMap((item) => (typeof item.message === "string" && item.kind !== "transformation" ? [item.message] : []));
}

function isSchema(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "schema";
}

function flattenPipe<Item extends Record<string, unknown>>(items: Item[]): Item[] {
  return items.flatMap((item) => ("pipe" in item && Array.isArray(item.pipe) ? flattenPipe(item.pipe as Item[]) : [item]));
}
