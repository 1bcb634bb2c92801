import { describe, expect, test } from "bun:test";
import Ajv2020 from "ajv/dist/2020";
import * as v from "valibot";
import { paginationQuery } from "../pagination.ts";
import { idSchema, queryBoolean } from "../validation.ts";
import { inputJsonSchema, isOptionalEntry, objectEntriesOf } from "./input-json-schema.ts";

const ajv = new Ajv2020({ strict: false });

describe("inputJsonSchema", () => {
  test("renders bounds and patterns as keywords", () => {
    expect(inputJsonSchema(idSchema)).toEqual({ type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" });
  });

  test("rules after trim become a description", () => {
    const name = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(3, "must be at most 3 characters"));
    const rendered = inputJsonSchema(name);
    expect(rendered).toEqual({ type: "string", description: "Surrounding white space is removed, then: must not be empty; must be at most 3 characters." });
    // The server accepts this after trimming it, so the rendering must accept it too.
    expect(v.safeParse(name, "ab      ").success).toBe(true);
    expect(ajv.validate(rendered, "ab      ")).toBe(true);
  });

  test("custom checks become a description", () => {
    const even = v.pipe(v.number(), v.integer(), v.check((value) => value % 2 === 0, "must be even"));
    expect(inputJsonSchema(even)).toEqual({ type: "integer", description: "Also checked: must be even." });
  });

  test("query conversions keep the input type and default", () => {
    expect(inputJsonSchema(paginationQuery.perPage)).toEqual({
      type: "string",
      pattern: "^\\d{1,9}$",
      default: "50",
      description: "After conversion: must be at most 200.",
    });
    expect(inputJsonSchema(queryBoolean(false))).toEqual({ type: "string", default: "false", description: "Compared in lower case: must be true or false." });
  });

  test("object entries keep required and optional keys", () => {
    const body = v.object({ name: v.string(), note: v.optional(v.string(), ""), tag: v.nullish(v.string()) });
    expect(inputJsonSchema(body)).toMatchObject({ type: "object", required: ["name"] });
    expect(Object.keys(objectEntriesOf(v.pipe(body, v.check(() => true))))).toEqual(["name", "note", "tag"]);
    expect(isOptionalEntry(body.entries.name)).toBe(false);
    expect(isOptionalEntry(body.entries.note)).toBe(true);
    expect(isOptionalEntry(body.entries.tag)).toBe(true);
  });

  test("leaves the schema itself unchanged", () => {
    const name = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));
    inputJsonSchema(v.object({ name }));
    expect(v.safeParse(name, "   ").success).toBe(false);
    expect(name.pipe.length).toBe(3);
  });
});
