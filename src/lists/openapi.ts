import * as v from "valibot";
import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, pageOf, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { paginationQuery } from "../http/pagination.ts";
import { sharingStates } from "../things/thing-json.ts";
import { createListBody, listIndexQuery, listShowQuery, patchListBody } from "./list-input.ts";

const list = schemaRef("List");

/** `/api/lists`: lists of things, their members and their sharing. */
export const listsApi: ApiFeature = {
  tag: "Lists",
  description: "Lists group things; a list is shared as a whole.",
  operations: [
    {
      id: "listLists",
      method: "get",
      path: "/api/lists",
      summary: "List the lists the caller may see",
      description: "Each list carries its first four things. `paginate=false` returns up to 1000 lists on one page.",
      query: listIndexQuery,
      responses: { 200: { description: "One page of lists.", json: pageOf("lists", list) } },
    },
    {
      id: "createList",
      method: "post",
      path: "/api/lists",
      summary: "Create a list",
      body: createListBody,
      responses: { 201: { description: "The new list with the first page of its things.", json: list } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "showList",
      method: "get",
      path: "/api/lists/:listId",
      summary: "Show a list with one page of its things",
      query: listShowQuery,
      responses: { 200: { description: "The list; `thingsPage` describes the page in `things`.", json: list } },
      errors: ["not_found"],
    },
    {
      id: "listListThings",
      method: "get",
      path: "/api/lists/:listId/things",
      summary: "List the things of a list",
      query: v.object(paginationQuery),
      responses: { 200: { description: "One page of the list's things.", json: pageOf("things", schemaRef("Thing")) } },
      errors: ["not_found"],
    },
    {
      id: "showListAudience",
      method: "get",
      path: "/api/lists/:listId/audience",
      summary: "List who can see a list now, and why",
      description: "Only for the owner, who is left out of the list; ordered by name.",
      query: v.object(paginationQuery),
      responses: { 200: { description: "One page of the audience.", json: pageOf("users", schemaRef("AudienceMember")) } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "updateList",
      method: "patch",
      path: "/api/lists/:listId",
      summary: "Change a list",
      description: "Absent fields stay as they are; `thingIds` replaces the membership.",
      body: patchListBody,
      responses: { 200: { description: "The changed list.", json: list } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "deleteList",
      method: "delete",
      path: "/api/lists/:listId",
      summary: "Delete a list (its things stay)",
      responses: { 204: "Deleted." },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "addThingToList",
      method: "post",
      path: "/api/lists/:listId/things/:thingId",
      summary: "Add one thing to a list",
      responses: { 204: "Added, or already a member." },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "removeThingFromList",
      method: "delete",
      path: "/api/lists/:listId/things/:thingId",
      summary: "Remove one thing from a list",
      responses: { 204: "Removed." },
      errors: ["forbidden", "not_found"],
    },
  ],
  schemas: {
    List: objectSchema(
      {
        id: { type: "string" },
        name: { type: "string" },
        createdAt: timestampSchema,
        owner: schemaRef("UserRef"),
        things: { type: "array", items: schemaRef("Thing"), description: "The first four members in listings; one page in the other responses." },
        thingCount: { type: "integer", description: "The number of all members." },
        thingsPage: objectSchema({ page: { type: "integer" }, perPage: { type: "integer" }, totalCount: { type: "integer" }, totalPageCount: { type: "integer" } }),
        actions: schemaRef("Actions"),
        shares: { type: "array", items: schemaRef("ShareRef"), description: "Direct shares; empty for everyone but the owner." },
        sharingState: { ...nullable({ type: "string", enum: [...sharingStates] }), description: "Null for everyone but the owner." },
      },
      ["thingsPage"],
    ),
  },
};
