/** A failed API call, in words a person can act on. */
export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error kind (`invalid_input`, `not_found`, …) or `network`. */
    readonly kind: string,
    message: string,
    /** The input field the server named as the cause, as a JSON path such as `properties[2].name`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const fallbackMessages: Record<number, string> = {
  400: "The request was not accepted.",
  401: "Your session has ended. Please log in again.",
  403: "You are not allowed to do this.",
  404: "This was not found. It may have been deleted, or it is not shared with you.",
  409: "This conflicts with something that already exists.",
  413: "The upload is too large.",
  429: "Too many attempts. Please wait a minute and try again.",
  500: "The server failed. Please try again later.",
  503: "The server is not available right now. Please try again later.",
};

const kindsByStatus: Record<number, string> = {
  400: "invalid_input",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
};

/**
 * Turn an error response into an `ApiError`. Our server sends
 * `{code, error, message, field?}`; older servers send `{code, message}` or `{message}`, and a
 * proxy may send HTML. A 500 body is never shown because it carries nothing a person can use.
 */
export function errorFromResponse(status: number, body: string): ApiError {
  let parsed: { error?: unknown; message?: unknown; field?: unknown } | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === "object") parsed = value as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const kind = typeof parsed?.error === "string" ? parsed.error : (kindsByStatus[status] ?? (status >= 500 ? "internal" : "error"));
  const field = typeof parsed?.field === "string" && parsed.field ? parsed.field : undefined;
  const serverMessage = typeof parsed?.message === "string" ? parsed.message.replace(/^ParameterError: /, "").trim() : "";
  const fallback = fallbackMessages[status] ?? (status >= 500 ? fallbackMessages[500]! : `The request failed (HTTP ${status}).`);
  const message = status >= 500 || !serverMessage || /^(Unauthorized|Not Found|Internal Server Error)$/.test(serverMessage) ? fallback : serverMessage;
  return new ApiError(status, kind, message, field);
}

/** The error for a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
}

/** Words for any thrown value, for places that show errors inline. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.name === "AbortError") return "The request was cancelled.";
  return "Something went wrong in the app. Please reload the page.";
}
