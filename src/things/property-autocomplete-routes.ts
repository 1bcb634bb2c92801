import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { readQuery } from "../http/validation.ts";
import { completeProperty, type CompletionRequest } from "./property-autocomplete.ts";
import { text } from "./text-rules.ts";

export const propertyAutocompleteQuery = v.object({
  name: v.optional(text(255), ""),
  value: v.optional(text(255), ""),
  unitFor: v.optional(text(255)),
  unit: v.optional(text(20), ""),
});

/**
 * Choose the completion from the query, as the original did for `name` and `value`: a
 * non-empty `value` completes values of the property `name`, otherwise `name` itself is
 * completed. `unitFor` (new) completes units of that float property from `unit`.
 */
function completionRequestOf(query: v.InferOutput<typeof propertyAutocompleteQuery>): CompletionRequest {
  if (query.unitFor !== undefined) return { completionType: "unit", propertyName: query.unitFor, unitPrefix: query.unit };
  if (query.value !== "") return { completionType: "value", propertyName: query.name, valuePrefix: query.value };
  return { completionType: "name", namePrefix: query.name };
}

/** `GET /api/search/property_auto_complete`: `{completionType: "name"|"value"|"unit", values: string[]}`. */
export function propertyAutocompleteRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const viewer = requireViewer(c);
    const request = completionRequestOf(readQuery(c, propertyAutocompleteQuery));
    return c.json(await completeProperty(deps.db, viewer.id, request));
  });
  return app;
}
