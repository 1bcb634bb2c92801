/**
 * Give a request an absolute URL. For an HTTP/1.0 request without a Host header, such as the
 * default health check of haproxy, Bun 1.4.5 passes just the path as `request.url`, and every
 * `new URL(request.url)` in the app would throw. Such requests get `fallbackOrigin`.
 */
export function withAbsoluteUrl(request: Request, fallbackOrigin: string): Request {
  if (!request.url.startsWith("/")) return request;
  return new Request(new URL(request.url, fallbackOrigin), request);
}
