import type { ApiFeature } from "../http/openapi/operation.ts";
import { objectSchema, pageOf, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { createShareBody, listSharesQuery, updateShareBody } from "./share-routes.ts";

const share = schemaRef("Share");

/** `/api/shares`: direct shares of one thing or list with one user. */
export const sharesApi: ApiFeature = {
  tag: "Shares",
  description: "Direct shares of one thing or list with one user, who need not be a friend.",
  operations: [
    {
      id: "listShares",
      method: "get",
      path: "/api/shares",
      summary: "List shares the caller received or sent",
      query: listSharesQuery,
      responses: { 200: { description: "One page of shares.", json: pageOf("shares", share) } },
    },
    {
      id: "createShare",
      method: "post",
      path: "/api/shares",
      summary: "Share a thing or list with a user",
      body: createShareBody,
      responses: { 201: { description: "The new share.", json: share }, 200: { description: "The share existed already.", json: share } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "showShare",
      method: "get",
      path: "/api/shares/:shareId",
      summary: "Show a share the caller made or received",
      responses: { 200: { description: "The share.", json: share } },
      errors: ["not_found"],
    },
    {
      id: "hideShare",
      method: "patch",
      path: "/api/shares/:shareId",
      summary: "Hide or show again a share the caller received",
      body: updateShareBody,
      responses: { 200: { description: "The changed share.", json: share } },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "deleteShare",
      method: "delete",
      path: "/api/shares/:shareId",
      summary: "Remove a share the caller made",
      responses: { 200: "Removed." },
      errors: ["forbidden", "not_found"],
    },
  ],
  schemas: {
    Share: objectSchema({
      id: { type: "string" },
      type: { type: "string", enum: ["thing", "list"] },
      object: { anyOf: [schemaRef("ReducedThing"), schemaRef("ListRef")] },
      owner: schemaRef("UserRef"),
      targetUser: schemaRef("UserRef"),
      createdAt: timestampSchema,
      hidden: { type: "boolean" },
    }),
    AudienceMember: objectSchema({
      user: schemaRef("UserRef"),
      reasons: { type: "array", items: { type: "string", enum: ["friend", "friend-of-friend", "direct-share", "list"] } },
      lists: { type: "array", items: schemaRef("ListRef"), description: "The owner's lists behind a `list` reason." },
    }),
  },
};
