import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, pageOf, schemaRef } from "../http/openapi/shared-schemas.ts";
import { directoryQuery } from "./user-routes.ts";

const directoryEntry = schemaRef("DirectoryEntry");

/** `/api/users`: the user directory. */
export const usersApi: ApiFeature = {
  tag: "Users",
  description: "The user directory, with full profile cards only for the caller's own circle.",
  operations: [
    {
      id: "listUsers",
      method: "get",
      path: "/api/users",
      summary: "Search the directory, or look users up by id",
      description: "`q` searches by name; `ids` (comma-separated or repeated, at most 100) looks users up and cannot be combined with `q`.",
      query: directoryQuery,
      responses: { 200: { description: "One page of users.", json: pageOf("users", directoryEntry) } },
    },
    {
      id: "showUser",
      method: "get",
      path: "/api/users/:id",
      summary: "Show one user",
      responses: { 200: { description: "The user.", json: directoryEntry } },
      errors: ["not_found"],
    },
  ],
  schemas: {
    DirectoryEntry: {
      ...objectSchema({
        id: { type: "string" },
        name: { type: "string" },
        fullName: nullable({ type: "string" }),
        information: nullable({ type: "string" }),
        image: nullable(schemaRef("ReducedImage")),
        relation: { type: "string", enum: ["self", "friend", "friend-of-friend", "request-sent", "request-received", "none"] },
      }),
      description: "`fullName`, `information` and `image` are null unless the caller may see the whole profile card.",
    },
  },
};
