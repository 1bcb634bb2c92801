import { errorStatus, type ErrorCode } from "../errors.ts";
import type { JsonSchema } from "./input-json-schema.ts";

/** The one JSON envelope of every error response. */
export const errorSchema: JsonSchema = {
  type: "object",
  description: "The body of every error response.",
  properties: {
    code: { type: "integer", description: "The HTTP status." },
    error: { type: "string", enum: Object.keys(errorStatus), description: "The error code; each has one HTTP status." },
    message: { type: "string", description: "What went wrong, naming the field and what was expected for invalid input." },
    field: { type: "string", description: "The offending input field as a JSON path, such as properties[2].name, when there is one." },
    requestId: { type: "string", description: "The X-Request-Id of the request, the key to the server's log line." },
  },
  required: ["code", "error", "message", "requestId"],
};

const descriptions: Record<ErrorCode, string> = {
  invalid_input: "Invalid input: `message` and `field` name the parameter or body field and what was expected.",
  unauthenticated: "No valid session: log in (or refresh the session) first.",
  forbidden: "The object exists and the caller may see it, but only its owner may change it.",
  not_found: "Not found, or not visible to the caller: a hidden object is reported as missing, never as forbidden.",
  method_not_allowed: "The path exists but not with this method.",
  conflict: "The request conflicts with the stored state, such as a duplicate name or e-mail address.",
  payload_too_large: "The request body is larger than allowed (1 MiB for JSON; uploads have their own limit).",
  unsupported_media_type: "Unsupported type: the request body must be JSON, and an uploaded or rotated image a type the server can decode.",
  rate_limited: "Too many requests: wait the number of seconds in the Retry-After header.",
  internal: "A server error; the body carries only a fixed sentence and the request id.",
  service_unavailable: "The database (or an OpenID Connect provider) is unavailable; retry after Retry-After seconds.",
  insufficient_storage: "The server has no storage space left.",
};

const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

/** `components.responses`: one entry per error code, plus `unexpected` for the `default` response. */
export const errorResponses: Record<string, unknown> = {
  ...Object.fromEntries(Object.entries(descriptions).map(([code, description]) => [code, { description, content: errorContent }])),
  unexpected: {
    description: "Any other error, in the same envelope: 500, 503 when the database is down, 507 when the disk is full.",
    content: errorContent,
  },
};
