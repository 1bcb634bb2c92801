import type { JsonSchema } from "./input-json-schema.ts";

/** A `$ref` to a schema under `components.schemas`. */
export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const timestampSchema: JsonSchema = { type: "string", format: "date-time", description: "RFC 3339 in UTC, with a Z." };

export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });

/** Build an object schema whose properties are required unless listed in `optional`. Other keys may be added later. */
export function objectSchema(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties).filter((key) => !optional.includes(key)) };
}

/** Build the pagination envelope: `{<key>: [...], perPage, page, totalPageCount, totalCount}`. */
export function pageOf(key: string, item: JsonSchema): JsonSchema {
  return objectSchema({
    [key]: { type: "array", items: item },
    perPage: { type: "integer" },
    page: { type: "integer", description: "0-based." },
    totalPageCount: { type: "integer" },
    totalCount: { type: "integer" },
  });
}

/** Schemas used by several features. */
export const sharedSchemas: Record<string, JsonSchema> = {
  UserRef: objectSchema({ id: { type: "string" }, name: { type: "string" } }),
  Actions: objectSchema(
    { canEdit: { type: "boolean" }, canDelete: { type: "boolean" }, canShare: { type: "boolean" } },
  ),
};
