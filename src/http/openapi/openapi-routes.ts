import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { AppEnv } from "../env.ts";
import { stashsphereOpenapiDocument, stashsphereOpenapiText } from "./api-features.ts";
import { docsPageContentSecurityPolicy, renderDocsPage } from "./docs-page.ts";

/**
 * `GET /api/openapi.json` and `GET /api/docs`, mounted at `/api` only when `serveOpenapi` is
 * on. The document depends only on the code and the version, so it is built once, on the first
 * request.
 */
export function openapiRoutes(deps: Pick<AppDeps, "version">): Hono<AppEnv> {
  let rendered: { json: string; page: string } | undefined;
  const render = () => {
    if (!rendered) {
      const document = stashsphereOpenapiDocument(deps.version);
      rendered = { json: stashsphereOpenapiText(deps.version), page: renderDocsPage(document) };
    }
    return rendered;
  };

  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => c.body(render().json, 200, { "Content-Type": "application/json; charset=utf-8" }))
    .get("/docs", (c) => c.html(render().page, 200, { "Content-Security-Policy": docsPageContentSecurityPolicy }));
}
