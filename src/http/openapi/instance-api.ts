import { objectSchema } from "./shared-schemas.ts";
import type { ApiFeature } from "./operation.ts";

/** Health checks, public instance facts and this document. */
export const instanceApi: ApiFeature = {
  tag: "Instance",
  description: "Health checks, public facts about the instance, and this API description.",
  operations: [
    {
      id: "checkLiveness",
      method: "get",
      path: "/healthz",
      summary: "Answer while the process runs",
      access: "public",
      responses: { 200: { description: "Running.", json: objectSchema({ status: { const: "ok" } }) } },
    },
    {
      id: "checkReadiness",
      method: "get",
      path: "/readyz",
      summary: "Answer 200 only when the database answers and its schema is current",
      access: "public",
      responses: {
        200: { description: "Ready.", json: objectSchema({ status: { const: "ready" } }) },
        503: { description: "Not ready, with the reason.", json: objectSchema({ status: { const: "not ready" }, reason: { type: "string" } }) },
      },
    },
    {
      id: "showInstanceInfo",
      method: "get",
      path: "/api/info",
      summary: "Facts the login and registration pages need",
      access: "public",
      responses: {
        200: {
          description: "Works without the database.",
          json: objectSchema({
            inviteRequired: { type: "boolean" },
            minPasswordLength: { type: "integer" },
            version: { type: "string" },
            oidcProviders: {
              type: "array",
              items: objectSchema({ name: { type: "string" }, displayName: { type: "string" }, available: { type: "boolean", description: "False until the provider's discovery has succeeded." } }),
            },
          }),
        },
      },
    },
    {
      id: "showOpenapiDocument",
      method: "get",
      path: "/api/openapi.json",
      summary: "This OpenAPI document",
      description: "Served only when `serveOpenapi` is true in the configuration or `serve --serve-openapi` is given; 404 otherwise.",
      access: "public",
      responses: { 200: { description: "The OpenAPI 3.1 document.", json: { type: "object" } } },
    },
    {
      id: "showApiDocs",
      method: "get",
      path: "/api/docs",
      summary: "This document as a web page",
      description: "Served under the same condition as /api/openapi.json.",
      access: "public",
      responses: { 200: { description: "An HTML page of the operations by tag.", content: { "text/html": { schema: { type: "string" } } } } },
    },
  ],
};
