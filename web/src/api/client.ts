import { ApiError, errorFromResponse, networkError } from "./api-error.ts";

type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Skip the session check and the 401 redirect (login, refresh and other public calls). */
  anonymous?: boolean;
}

export interface ApiClient {
  /** Origin of the API server, empty for the page's own origin. */
  readonly apiHost: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  url(path: string, query?: Query): string;
}

export interface ApiClientOptions {
  apiHost: string;
  fetch?: typeof fetch;
  /** Runs before each authenticated request; the session refreshes an expiring token here. */
  beforeRequest?: () => Promise<void>;
  /** Runs when an authenticated request gets 401, after which the request fails. */
  onUnauthorized?: () => void;
}

/** Build `?a=1&b=x&b=y`; arrays repeat the key, empty values are left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Create the client every API call goes through: JSON in and out, cookies included, errors as `ApiError`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const url = (path: string, query?: Query) => `${options.apiHost}${path}${queryString(query)}`;

  async function request<T>(method: string, path: string, requestOptions: RequestOptions = {}): Promise<T> {
    if (!requestOptions.anonymous) await options.beforeRequest?.();
    const init: RequestInit = { method, credentials: "include", signal: requestOptions.signal, headers: { Accept: "application/json" } };
    if (requestOptions.body !== undefined) {
      init.body = JSON.stringify(requestOptions.body);
      init.headers = { Accept: "application/json", "Content-Type": "application/json" };
    }
    let response: Response;
    try {
      response = await fetchImpl(url(path, requestOptions.query), init);
    } catch (error) {
      if ((error as Error)?.name === "AbortError") throw error;
      throw networkError();
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      const error = errorFromResponse(response.status, text);
      if (response.status === 401 && !requestOptions.anonymous) options.onUnauthorized?.();
      throw error;
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, "invalid_response", "The server response could not be read.");
    }
  }

  return {
    apiHost: options.apiHost,
    request,
    get: (path, query, signal) => request("GET", path, { query, signal }),
    post: (path, body) => request("POST", path, { body }),
    patch: (path, body) => request("PATCH", path, { body }),
    put: (path, body) => request("PUT", path, { body }),
    delete: (path) => request("DELETE", path),
    url,
  };
}
