import * as v from "valibot";
import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, pageOf, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { paginationQuery } from "../http/pagination.ts";
import { propertyAutocompleteQuery } from "./property-autocomplete-routes.ts";
import { createThingSchema, patchThingSchema, quantityChangeSchema } from "./thing-input.ts";
import { sharingStates } from "./thing-json.ts";
import { indexQuerySchema } from "./thing-routes.ts";

const thing = schemaRef("Thing");

/** `/api/things` and the property name, value and unit completion. */
export const thingsApi: ApiFeature = {
  tag: "Things",
  description: "Things: the items of an inventory, with photos, quantity, typed properties and notes.",
  operations: [
    {
      id: "listThings",
      method: "get",
      path: "/api/things",
      summary: "List the things the caller may see",
      description: "Own things, things shared with the caller and things of friends (and their friends) shared that widely, oldest first (ties by id). `paginate=false` returns up to 1000 on one page.",
      query: indexQuerySchema,
      responses: { 200: { description: "One page of things.", json: pageOf("things", thing) } },
    },
    {
      id: "summarizeThings",
      method: "get",
      path: "/api/things/summary",
      summary: "Count the visible things and name their owners",
      responses: {
        200: {
          description: "The owners of all visible things and their number.",
          json: objectSchema({ ownerIds: { type: "array", items: { type: "string" } }, totalCount: { type: "integer" } }),
        },
      },
    },
    {
      id: "createThing",
      method: "post",
      path: "/api/things",
      summary: "Create a thing",
      body: createThingSchema,
      responses: { 201: { description: "The new thing.", json: thing } },
      errors: ["forbidden", "conflict"],
    },
    {
      id: "showThing",
      method: "get",
      path: "/api/things/:id",
      summary: "Show one thing",
      responses: { 200: { description: "The thing.", json: thing } },
      errors: ["not_found"],
    },
    {
      id: "updateThing",
      method: "patch",
      path: "/api/things/:id",
      summary: "Change a thing",
      description: "Fields that are absent or null stay as they are; a present field replaces the stored value.",
      body: patchThingSchema,
      responses: { 200: { description: "The changed thing.", json: thing } },
      errors: ["forbidden", "not_found", "conflict"],
    },
    {
      id: "deleteThing",
      method: "delete",
      path: "/api/things/:id",
      summary: "Delete a thing",
      description: "Its images stay in the owner's gallery.",
      responses: { 204: "Deleted." },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "showThingAudience",
      method: "get",
      path: "/api/things/:id/audience",
      summary: "List who can see a thing now, and why",
      description: "Only for the owner, who is left out of the list; ordered by name.",
      query: v.object(paginationQuery),
      responses: { 200: { description: "One page of the audience.", json: pageOf("users", schemaRef("AudienceMember")) } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "changeThingQuantity",
      method: "post",
      path: "/api/things/:id/quantity",
      summary: "Add to or take from a thing's quantity",
      body: quantityChangeSchema,
      responses: { 200: { description: "The thing with its new quantity.", json: thing } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "completeProperty",
      method: "get",
      path: "/api/search/property_auto_complete",
      summary: "Complete a property name, value or unit",
      description: "A non-empty `value` completes values of the property `name`; `unitFor` completes units of that number property from `unit`; otherwise `name` is completed.",
      query: propertyAutocompleteQuery,
      responses: {
        200: {
          description: "Up to 20 completions.",
          json: objectSchema({ completionType: { type: "string", enum: ["name", "value", "unit"] }, values: { type: "array", items: { type: "string" } } }),
        },
      },
    },
  ],
  schemas: {
    Thing: {
      ...objectSchema({
        id: { type: "string" },
        name: { type: "string" },
        description: { type: "string" },
        privateNote: { ...nullable({ type: "string" }), description: "The owner's note; null for everyone else." },
        createdAt: timestampSchema,
        owner: schemaRef("UserRef"),
        quantity: { type: "integer" },
        quantityUnit: { type: "string" },
        lists: { type: "array", items: schemaRef("ListRef"), description: "The lists holding the thing that the caller may see." },
        images: { type: "array", items: schemaRef("ReducedImage") },
        properties: { type: "array", items: schemaRef("Property") },
        shares: { type: "array", items: schemaRef("ShareRef"), description: "Direct shares; empty for everyone but the owner." },
        sharingState: { ...nullable({ type: "string", enum: [...sharingStates] }), description: "Null for everyone but the owner." },
        actions: schemaRef("Actions"),
      }),
    },
    ReducedThing: objectSchema({
      id: { type: "string" },
      name: { type: "string" },
      description: { type: "string" },
      privateNote: nullable({ type: "string" }),
      createdAt: timestampSchema,
      owner: schemaRef("UserRef"),
      quantity: { type: "integer" },
    }),
    Property: {
      oneOf: [
        objectSchema({ type: { const: "string" }, name: { type: "string" }, value: { type: "string" } }),
        objectSchema({ type: { const: "float" }, name: { type: "string" }, value: { type: "number" }, unit: nullable({ type: "string" }) }),
        objectSchema({ type: { const: "datetime" }, name: { type: "string" }, value: { type: "string", format: "date-time" } }),
      ],
    },
    ReducedImage: objectSchema({
      id: { type: "string" },
      name: { type: "string" },
      mime: { type: "string" },
      createdAt: timestampSchema,
      owner: schemaRef("UserRef"),
      hash: { type: "string", description: "The file's address: `/assets/{hash}`." },
      thumbhash: nullable({ type: "string" }),
      width: nullable({ type: "integer" }),
      height: nullable({ type: "integer" }),
    }),
    ListRef: objectSchema({ id: { type: "string" }, name: { type: "string" }, createdAt: timestampSchema, owner: schemaRef("UserRef"), actions: schemaRef("Actions") }),
    ShareRef: objectSchema({ id: { type: "string" }, owner: schemaRef("UserRef"), targetUser: schemaRef("UserRef") }),
  },
};
