import { Hono, type Context } from "hono";
import type { AppEnv } from "./env.ts";

/** A built web file: embedded bytes (`Blob`, including `Bun.file`) or text. */
export type WebFile = Blob | string;

/**
 * The built web app by path without the leading slash (`index.html`, `main-1a2b3c4d.js`), with
 * precompressed copies under `<path>.br` and `<path>.gz` when the build made them.
 */
export type WebFiles = Map<string, WebFile> | ((path: string) => WebFile | undefined | Promise<WebFile | undefined>);

export interface WebRoutesOptions {
  /** Origin of the API when the app talks to another host (`/config.json`), for the CSP. */
  apiHost?: string;
}

const contentTypes: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  webmanifest: "application/manifest+json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  map: "application/json",
};

/** Bun.build names chunks `[name]-[hash].[ext]`; such a file never changes under its name. */
const hashedName = /-[a-z0-9]{8,}\.(js|css|png|svg|map)$/;
const apiPrefixes = ["/api/", "/assets/"];
const serverPaths = new Set(["/api", "/assets", "/healthz", "/readyz"]);

/** The Content-Security-Policy of the app's HTML: scripts and styles only from this origin. */
export function contentSecurityPolicy(apiHost = ""): string {
  const api = apiHost ? ` ${apiHost}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${api}`,
    `connect-src 'self'${api}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${api}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

function preferredEncodings(acceptEncoding: string | undefined): ("br" | "gzip")[] {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const quality = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    accepted.set(name!, quality ? Number(quality.slice(2)) : 1);
  }
  return (["br", "gzip"] as const).filter((encoding) => (accepted.get(encoding) ?? accepted.get("*") ?? 0) > 0);
}

/**
 * Serve the built web app: its files at `/`, and `index.html` for every other GET without a
 * file extension so client-side routes survive a reload. `/api/*`, `/assets/*`, `/healthz` and
 * `/readyz` are never answered here, so mount this after the API routes.
 */
export function webRoutes(files: WebFiles, options: WebRoutesOptions = {}): Hono<AppEnv> {
  const lookup = typeof files === "function" ? files : (path: string) => files.get(path);
  const csp = contentSecurityPolicy(options.apiHost?.replace(/\/+$/, ""));
  const etags = new Map<string, string>();

  const etagOf = async (name: string, file: WebFile) => {
    let etag = etags.get(name);
    if (!etag) {
      const bytes = typeof file === "string" ? file : new Uint8Array(await file.arrayBuffer());
      etag = `"${Bun.hash(bytes).toString(36)}"`;
      etags.set(name, etag);
    }
    return etag;
  };

  const serve = async (c: Context<AppEnv>, name: string): Promise<Response | undefined> => {
    const file = await lookup(name);
    if (file === undefined) return undefined;
    const extension = name.slice(name.lastIndexOf(".") + 1);
    const headers = new Headers({ "Content-Type": contentTypes[extension] ?? "application/octet-stream", Vary: "Accept-Encoding" });
    headers.set("Cache-Control", hashedName.test(name) ? "public, max-age=31536000, immutable" : "no-cache");
    if (extension === "html") headers.set("Content-Security-Policy", csp);

    const etag = await etagOf(name, file);
    headers.set("ETag", etag);
    if (c.req.header("If-None-Match") === etag) return new Response(null, { status: 304, headers });

    let body: WebFile = file;
    for (const encoding of preferredEncodings(c.req.header("Accept-Encoding"))) {
      const compressed = await lookup(`${name}.${encoding === "br" ? "br" : "gz"}`);
      if (compressed !== undefined) {
        body = compressed;
        headers.set("Content-Encoding", encoding);
        break;
      }
    }
    return new Response(c.req.method === "HEAD" ? null : body, { status: 200, headers });
  };

  return new Hono<AppEnv>().on(["GET", "HEAD"], "*", async (c, next) => {
    const path = c.req.path;
    if (serverPaths.has(path) || apiPrefixes.some((prefix) => path.startsWith(prefix))) return next();
    const last = path.slice(path.lastIndexOf("/") + 1);
    let name: string;
    try {
      name = path === "/" ? "index.html" : decodeURIComponent(path.slice(1));
    } catch {
      return next();
    }
    // Compressed copies are served through content negotiation, not by their own names.
    if (name.includes("..") || name.endsWith(".br") || name.endsWith(".gz")) return next();
    const response = last.includes(".") ? await serve(c, name) : await serve(c, "index.html");
    // Served from the API's own origin, the app needs no configuration; an empty one saves
    // every page load a 404 in the browser console.
    if (!response && name === "config.json") return c.json({}, 200, { "Cache-Control": "no-cache" });
    return response ?? next();
  });
}
