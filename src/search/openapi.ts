import type { ApiFeature } from "../http/openapi/operation.ts";
import { objectSchema, schemaRef } from "../http/openapi/shared-schemas.ts";
import { searchQuery } from "./search-routes.ts";

/** `/api/search`. */
export const searchApi: ApiFeature = {
  tag: "Search",
  description: "Full-text search over the things and lists the caller may see.",
  operations: [
    {
      id: "search",
      method: "get",
      path: "/api/search",
      summary: "Search things and lists",
      description: "Things and lists are ranked together and paged as one sequence; `things` and `lists` hold the hits of the requested page. The query needs at least one word.",
      query: searchQuery,
      responses: {
        200: {
          description: "The hits of one page.",
          json: objectSchema({
            things: { type: "array", items: schemaRef("Thing") },
            lists: { type: "array", items: schemaRef("List") },
            totalCount: { type: "integer" },
            page: { type: "integer" },
            perPage: { type: "integer" },
          }),
        },
      },
    },
  ],
};
