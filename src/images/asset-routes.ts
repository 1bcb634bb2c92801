import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { readQuery } from "../http/validation.ts";
import { chooseRepresentation, ifNoneMatchMatches } from "./asset-representation.ts";
import { isContentHash } from "./content-hash.ts";
import { mimeOfFormat } from "./image-pipeline.ts";
import { findVisibleFileByHash } from "./image-queries.ts";
import { imageServicesFor } from "./image-services.ts";
import { resizedCopy } from "./resized-copy.ts";

export const assetQuery = v.object({
  width: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/, "must be a whole number of pixels"), v.transform(Number))),
});

// Content-addressed: the bytes behind a URL never change, so browsers may keep them for a year.
const cacheControl = "private, max-age=31536000, immutable";

/**
 * `GET`/`HEAD /assets/:hash[?width=N]`: an image file, or a resized copy of it. Access takes
 * one query; a picture the viewer may not see is a 404, as for a hash that does not exist.
 * A matching `If-None-Match` gets its 304 right after that query, before any file is touched.
 */
export function assetRoutes(deps: AppDeps): Hono<AppEnv> {
  const services = imageServicesFor(deps);
  const app = new Hono<AppEnv>();

  app.get("/:hash", async (c) => {
    const viewer = requireViewer(c);
    const { width } = readQuery(c, assetQuery);
    const hash = c.req.param("hash");
    if (!isContentHash(hash)) throw notFound("Image");
    const file = await findVisibleFileByHash(deps.db, viewer.id, hash);
    if (!file) throw notFound("Image");

    const representation = chooseRepresentation({ hash, mime: file.mime, originalWidth: file.width, requestedWidth: width, accept: c.req.header("accept") });
    const headers = new Headers({
      "ETag": representation.etag,
      "Cache-Control": cacheControl,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Disposition": "inline",
    });
    if (width !== undefined) headers.set("Vary", "Accept");
    if (ifNoneMatchMatches(c.req.header("if-none-match"), representation.etag)) return new Response(null, { status: 304, headers });

    const withoutBody = c.req.method === "HEAD";
    if (representation.kind === "resized") {
      const copy = await resizedCopy(services, hash, representation);
      if (copy) {
        headers.set("Content-Type", mimeOfFormat[representation.format]);
        headers.set("Content-Length", String(copy.size));
        return new Response(withoutBody ? null : copy.body(), { headers });
      }
      // The stored file could not be decoded: send it as it is rather than nothing.
      headers.set("ETag", `"${hash}"`);
    }

    const stored = await services.store.open(hash);
    if (!stored) throw notFound("Image");
    headers.set("Content-Type", file.mime);
    headers.set("Content-Length", String(stored.size));
    return new Response(withoutBody ? null : stored, { headers });
  });

  return app;
}
