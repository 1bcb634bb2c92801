/**
 * The closed set of errors a client can see, each with one HTTP status. Handlers throw
 * `AppError`; anything else that escapes a handler is a bug in our code (or a database or I/O
 * failure) and becomes a 500 whose body carries only a fixed sentence and the request id.
 */
export const errorStatus = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The JSON body of every error response. `code` is the HTTP status, as the original sends it. */
export interface ErrorBody {
  code: number;
  error: ErrorCode;
  message: string;
  /** The offending input field, as a JSON path (`properties[2].name`), when there is one. */
  field?: string;
  requestId?: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorStatus[code];
  }
}

export const invalidInput = (message: string, field?: string) => new AppError("invalid_input", message, { field });
export const notFound = (entity: string) => new AppError("not_found", `${entity} not found`);
export const forbidden = (message = "Entity does not belong to user") => new AppError("forbidden", message);
export const conflict = (message: string, field?: string) => new AppError("conflict", message, { field });
export const unauthenticated = () => new AppError("unauthenticated", "Authentication required");

export function errorBody(error: AppError, requestId?: string): ErrorBody {
  const body: ErrorBody = { code: error.status, error: error.code, message: error.message };
  if (error.details.field !== undefined) body.field = error.details.field;
  if (requestId) body.requestId = requestId;
  return body;
}
