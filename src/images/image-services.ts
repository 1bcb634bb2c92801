import type { AppDeps } from "../http/deps.ts";
import { openDirectoryImageStore, type ImageStore } from "./image-store.ts";
import { sharedProcessingPool, type ProcessingPool } from "./processing-pool.ts";
import { ResizeCache } from "./resize-cache.ts";

/** Services that the image routes and the clean-up of unused files share. */
export interface ImageServices {
  store: ImageStore;
  cache: ResizeCache;
  pool: ProcessingPool;
  maxPixels: number;
  maxUploadBytes: number;
  log: AppDeps["log"];
}

/** Only the image section of the configuration is read, so workers and commands can pass just that. */
export type ImageDeps = Pick<AppDeps, "log" | "imageStore"> & { config: Pick<AppDeps["config"], "image"> };

const servicesByDeps = new WeakMap<ImageDeps, ImageServices>();
// One index per cache directory, so that every app in the process counts the same sizes.
const cachesByDirectory = new Map<string, ResizeCache>();

/**
 * Return the image services of an app, made on first use: `deps.imageStore` when given, else
 * the directory store from `image.path`, plus the resized-image cache in `image.cachePath` and
 * the process-wide pool.
 */
export function imageServicesFor(deps: ImageDeps): ImageServices {
  let services = servicesByDeps.get(deps);
  if (services) return services;
  const { image } = deps.config;
  let cache = cachesByDirectory.get(image.cachePath);
  if (!cache) {
    cache = new ResizeCache(image.cachePath, image.cacheMaxBytes, deps.log);
    cachesByDirectory.set(image.cachePath, cache);
  }
  services = {
    store: deps.imageStore ?? openDirectoryImageStore(image.path),
    cache,
    pool: sharedProcessingPool,
    maxPixels: image.maxPixels,
    maxUploadBytes: image.maxUploadBytes,
    log: deps.log,
  };
  servicesByDeps.set(deps, services);
  return services;
}
