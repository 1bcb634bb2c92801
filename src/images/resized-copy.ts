import type { OutputFormat } from "./image-pipeline.ts";
import { encodeResized } from "./image-pipeline.ts";
import type { ImageServices } from "./image-services.ts";
import { limitRepeats } from "../log/repeat-limit.ts";

export interface ResizedCopy {
  size: number;
  body(): Blob;
}

const cacheFailureWarning = limitRepeats(60_000);

// Requests for a copy that is being made wait for it instead of making it again.
const inFlight = new Map<string, Promise<Uint8Array | null>>();

/**
 * Look up a resized copy in the cache, or make (and cache) it when missing. Returns null when
 * the stored file is missing or cannot be decoded.
 */
export async function resizedCopy(
  services: ImageServices,
  hash: string,
  copy: { width: number; format: OutputFormat; cacheKey: string },
): Promise<ResizedCopy | null> {
  const cached = services.cache.lookup(copy.cacheKey);
  if (cached) return { size: cached.size, body: () => Bun.file(cached.path) };

  const flightKey = `${services.cache.directory}/${copy.cacheKey}`;
  let making = inFlight.get(flightKey);
  if (!making) {
    making = makeCopy(services, hash, copy).finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, making);
  }
  const bytes = await making;
  return bytes ? { size: bytes.length, body: () => new Blob([bytes as Uint8Array<ArrayBuffer>]) } : null;
}

async function makeCopy(services: ImageServices, hash: string, copy: { width: number; format: OutputFormat; cacheKey: string }): Promise<Uint8Array | null> {
  const stored = await services.store.open(hash);
  if (!stored) return null;
  let bytes: Uint8Array;
  try {
    ({ bytes } = await encodeResized(stored, copy.format, copy.width, { pool: services.pool, maxPixels: services.maxPixels }));
  } catch (error) {
    services.log.warn("could not resize a stored image; sending the original", { hash, width: copy.width, error: String(error) });
    return null;
  }
  try {
    await services.cache.store(copy.cacheKey, bytes);
  } catch (error) {
    // A full or read-only cache directory costs the next request a resize, not this response.
    cacheFailureWarning.warn(services.log, "could not cache a resized image; sending it uncached", { hash, width: copy.width, error: String(error) });
  }
  return bytes;
}
