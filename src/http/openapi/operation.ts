import type * as v from "valibot";
import type { ErrorCode } from "../errors.ts";
import type { JsonSchema } from "./input-json-schema.ts";

export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";

/**
 * Access rule of an operation: `session` needs the `stashsphere-access` cookie (401 without),
 * `public` needs nothing, `optional-session` works either way and does more with a session.
 */
export type Access = "session" | "public" | "optional-session";

/** A success response. A plain string is a description of a response without a body. */
export type ApiResponse =
  | string
  | {
      description: string;
      /** Schema of an `application/json` body, usually a `$ref` to a component. */
      json?: JsonSchema;
      /** Bodies of other media types, such as image bytes. */
      content?: Record<string, { schema: JsonSchema }>;
      headers?: Record<string, { description: string; schema: JsonSchema }>;
    };

/**
 * One operation as a feature documents it. The schemas are the valibot schemas its route
 * validates with, so the document changes when the validation does.
 */
export interface ApiOperation {
  /** Unique across the document, e.g. `createThing`. */
  id: string;
  method: HttpMethod;
  /** The path as the app routes it, with Hono parameters: `/api/things/:id`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to `session`. */
  access?: Access;
  /** Schemas of path parameters; a parameter not named here is documented as an id. */
  pathParameters?: Record<string, v.GenericSchema>;
  /** The object schema the route passes to `readQuery`; each key becomes a query parameter. */
  query?: v.GenericSchema;
  /** The schema the route passes to `readJsonBody`. */
  body?: v.GenericSchema;
  /** A request body that is not JSON (the image upload), as an OpenAPI Request Body Object. */
  rawRequestBody?: Record<string, unknown>;
  /** Success responses by status. */
  responses: Record<number, ApiResponse>;
  /**
   * Errors beyond those the builder adds itself: 400 when there is a body, query or path
   * parameter, 401 for `session` access, and 429 for `rateLimited`.
   */
  errors?: ErrorCode[];
  rateLimited?: boolean;
}

/** The operations of one feature, shown under one tag, with the response schemas it owns. */
export interface ApiFeature {
  tag: string;
  description: string;
  operations: ApiOperation[];
  /** Entries of `components.schemas`; names must be unique across features. */
  schemas?: Record<string, JsonSchema>;
}
