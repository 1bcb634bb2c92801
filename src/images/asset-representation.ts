import type { OutputFormat } from "./image-pipeline.ts";

/**
 * Widths `/assets/:hash?width=N` serves. A requested width is clamped to 20–4096 and rounded
 * up to the next of these, so every picture has at most 11 resized copies in the cache.
 */
export const servedWidths = [64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096] as const;

export function servedWidthFor(requested: number): number {
  const clamped = Math.min(4096, Math.max(20, requested));
  return servedWidths.find((width) => width >= clamped) ?? 4096;
}

// Types Bun.Image can decode; other types stored by the original server are served as they are.
const resizableFormat: Record<string, OutputFormat> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "png",
};

export type Representation =
  | { kind: "original"; etag: string }
  | { kind: "resized"; etag: string; width: number; format: OutputFormat; cacheKey: string };

/**
 * Choose what to send for a request: the stored file, or a copy `width` pixels wide in WebP when
 * the client accepts it, else in the stored format. Never wider than the original: a width at
 * or above it gets the original. The ETag is derived from the content hash, so it is known
 * before any file is read or resized.
 */
export function chooseRepresentation(input: {
  hash: string;
  mime: string;
  originalWidth: number | null;
  requestedWidth: number | undefined;
  accept: string | undefined;
}): Representation {
  const original: Representation = { kind: "original", etag: `"${input.hash}"` };
  const storedFormat = resizableFormat[input.mime];
  if (!input.requestedWidth || !storedFormat) return original;
  const width = servedWidthFor(input.requestedWidth);
  // A width unknown (images stored by the original) is resized without enlargement instead.
  if (input.originalWidth !== null && width >= input.originalWidth) return original;
  const format = acceptsWebp(input.accept) ? "webp" : storedFormat;
  const cacheKey = `${input.hash}-${width}.${format}`;
  return { kind: "resized", etag: `"${cacheKey}"`, width, format, cacheKey };
}

/** True when the Accept header lists `image/webp` with a non-zero quality. */
export function acceptsWebp(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((item) => {
    const [type, ...parameters] = item.split(";").map((part) => part.trim().toLowerCase());
    if (type !== "image/webp") return false;
    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/** `If-None-Match` by weak comparison (RFC 9110): a list of entity tags, `W/` ignored, or `*`. */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
