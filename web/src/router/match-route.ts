export type RouteParams = Record<string, string>;

/**
 * Match a path against a pattern such as `/things/:id/edit`. Returns the decoded parameters,
 * or undefined when the path does not match. A trailing slash on the path is ignored.
 */
export function matchRoute(pattern: string, pathname: string): RouteParams | undefined {
  const patternParts = pattern.split("/").filter(Boolean);
  const pathParts = pathname.split("/").filter(Boolean);
  if (patternParts.length !== pathParts.length) return undefined;
  const params: RouteParams = {};
  for (let index = 0; index < patternParts.length; index++) {
    const expected = patternParts[index]!;
    const actual = pathParts[index]!;
    if (expected.startsWith(":")) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Return the first route whose pattern matches, with its parameters. */
export function findRoute<R extends { path: string }>(routes: readonly R[], pathname: string): { route: R; params: RouteParams } | undefined {
  for (const route of routes) {
    const params = matchRoute(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/**
 * Accept a `next` target only when it is a path on this site, so a crafted login link cannot
 * send the user to another origin after they log in.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/things"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/** The login address that brings the user back to `path` (query and fragment included) afterwards. */
export function loginPathFor(path: string): string {
  return `/user/login?next=${encodeURIComponent(path)}`;
}
