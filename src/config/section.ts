import * as v from "valibot";
import { describeValue } from "./weak-values.ts";

/** Build a map of settings. Unknown keys never reach it, because the loader drops them with a warning first. */
export function section<const Entries extends v.ObjectEntries>(entries: Entries) {
  return v.object(entries, (issue) =>
    // valibot reports a missing required key through the object schema, with no input.
    issue.input === undefined ? "required key is missing" : `expected a map of settings, got ${describeValue(issue.input)}`,
  );
}

/** Make a section optional: when no file has it, it takes the defaults of its keys. */
export function sectionWithDefaults<const Schema extends v.GenericSchema>(schema: Schema) {
  // `{}` runs through the section schema, which fills in every key's default.
  return v.optional(schema, {} as never);
}
