import * as v from "valibot";
import { accessCookie } from "../../auth/cookies.ts";
import { errorStatus, type ErrorCode } from "../errors.ts";
import { idSchema } from "../validation.ts";
import { errorResponses, errorSchema } from "./error-responses.ts";
import { inputJsonSchema, isOptionalEntry, objectEntriesOf, type JsonSchema } from "./input-json-schema.ts";
import type { ApiFeature, ApiOperation, ApiResponse } from "./operation.ts";
import { sharedSchemas } from "./shared-schemas.ts";

export interface OpenapiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Convert a Hono route path (`/api/things/:id`) to an OpenAPI path template (`/api/things/{id}`). */
export const openapiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, "{$1}");

/**
 * Assemble the OpenAPI 3.1 document from the features' operations. Throws when two
 * operations share a method and path or an id, or two features name the same schema.
 */
export function buildOpenapiDocument(features: readonly ApiFeature[], version: string): OpenapiDocument {
  const paths: OpenapiDocument["paths"] = {};
  const schemas: Record<string, JsonSchema> = { Error: errorSchema, ...sharedSchemas };
  const operationIds = new Set<string>();

  for (const feature of features) {
    for (const [name, schema] of Object.entries(feature.schemas ?? {})) {
      if (name in schemas) throw new Error(`OpenAPI schema ${name} is defined twice`);
      schemas[name] = schema;
    }
    for (const operation of feature.operations) {
      if (operationIds.has(operation.id)) throw new Error(`OpenAPI operation id ${operation.id} is used twice`);
      operationIds.add(operation.id);
      const pathItem = (paths[openapiPath(operation.path)] ??= {});
      if (operation.method in pathItem) throw new Error(`${operation.method.toUpperCase()} ${operation.path} is documented twice`);
      pathItem[operation.method] = operationObject(feature.tag, operation);
    }
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "StashSphere API",
      version,
      description:
        "The REST API of StashSphere, a self-hosted social inventory. Errors share one JSON envelope (the Error schema). " +
        "Signed-in calls carry the session cookies that POST /api/user/login sets.",
    },
    servers: [{ url: "/" }],
    tags: features.map((feature) => ({ name: feature.tag, description: feature.description })),
    security: [{ sessionCookie: [] }],
    paths,
    components: {
      schemas,
      responses: errorResponses,
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: accessCookie,
          description: "The access token cookie set by login, refresh and OpenID Connect sign-in.",
        },
      },
    },
  };
}

function operationObject(tag: string, operation: ApiOperation): Record<string, unknown> {
  const access = operation.access ?? "session";
  const parameters = [...pathParameters(operation), ...queryParameters(operation)];
  const result: Record<string, unknown> = { operationId: operation.id, tags: [tag], summary: operation.summary };
  if (operation.description) result.description = operation.description;
  if (access === "public") result.security = [];
  if (access === "optional-session") result.security = [{}, { sessionCookie: [] }];
  if (parameters.length) result.parameters = parameters;
  if (operation.body) {
    result.requestBody = {
      // An empty body is read as `{}`, so it is optional exactly when `{}` is valid.
      required: !v.safeParse(operation.body, {}).success,
      content: { "application/json": { schema: inputJsonSchema(operation.body) } },
    };
  } else if (operation.rawRequestBody) {
    result.requestBody = operation.rawRequestBody;
  }
  result.responses = responsesOf(operation, access === "session", parameters.length > 0 || operation.body !== undefined);
  return result;
}

function pathParameters(operation: ApiOperation): Record<string, unknown>[] {
  const names = [...operation.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  return names.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: inputJsonSchema(operation.pathParameters?.[name] ?? idSchema),
  }));
}

function queryParameters(operation: ApiOperation): Record<string, unknown>[] {
  if (!operation.query) return [];
  return Object.entries(objectEntriesOf(operation.query)).map(([name, schema]) => ({
    name,
    in: "query",
    required: !isOptionalEntry(schema),
    schema: inputJsonSchema(schema),
  }));
}

function responsesOf(operation: ApiOperation, needsSession: boolean, hasInput: boolean): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(operation.responses)) responses[status] = responseObject(response);

  const errors = new Set<ErrorCode>(operation.errors);
  if (hasInput) errors.add("invalid_input");
  if (needsSession) errors.add("unauthenticated");
  if (operation.rateLimited) errors.add("rate_limited");
  const byStatus = [...errors].sort((a, b) => errorStatus[a] - errorStatus[b]);
  for (const code of byStatus) responses[String(errorStatus[code])] = { $ref: `#/components/responses/${code}` };
  responses.default = { $ref: "#/components/responses/unexpected" };
  return responses;
}

function responseObject(response: ApiResponse): Record<string, unknown> {
  if (typeof response === "string") return { description: response };
  const result: Record<string, unknown> = { description: response.description };
  const content: Record<string, { schema: JsonSchema }> = { ...response.content };
  if (response.json) content["application/json"] = { schema: response.json };
  if (Object.keys(content).length) result.content = content;
  if (response.headers) result.headers = response.headers;
  return result;
}
