import { AppError, invalidInput } from "../http/errors.ts";
import { decodePngPixels } from "./png-pixels.ts";
import type { ProcessingPool } from "./processing-pool.ts";
import { encodeThumbHash } from "./thumbhash.ts";

/** Formats we store and serve. Every accepted upload is converted to one of these. */
export type OutputFormat = "jpeg" | "png" | "webp";

export const mimeOfFormat: Record<OutputFormat, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

export interface EncodedImage {
  bytes: Uint8Array;
  format: OutputFormat;
  width: number;
  height: number;
}

// Stored pictures are re-encoded once at upload, and quality 90 keeps that generation loss small.
const storedJpegQuality = 90;
const storedWebpQuality = 90;
// Resized copies are for screens and are cached, so they use a common thumbnail quality.
const servedQuality = 80;

export interface EncodeOptions {
  pool: ProcessingPool;
  maxPixels: number;
}

/**
 * Decode, turn upright by the EXIF orientation, and encode again. Encoding writes only the
 * pixels and the ICC colour profile, so EXIF (GPS, camera, timestamps), XMP, IPTC, comments,
 * maker notes and embedded thumbnails are gone from the result, in every format.
 */
export function encodeUpright(input: Blob, format: OutputFormat, options: EncodeOptions & { lossless?: boolean }): Promise<EncodedImage> {
  return runPipeline(options, input, (image) => withFormat(image, format, options.lossless ? "lossless" : "stored"), format);
}

/** Rotate by a multiple of 90 degrees, counter-clockwise as the API defines it, and encode again. */
export function encodeRotated(input: Blob, format: OutputFormat, counterClockwiseDegrees: 90 | 180 | 270, options: EncodeOptions): Promise<EncodedImage> {
  // Bun.Image turns clockwise.
  return runPipeline(options, input, (image) => withFormat(image.rotate(360 - counterClockwiseDegrees), format, "stored"), format);
}

/** Encode a copy at most `width` pixels wide (never wider than the original), for serving. */
export function encodeResized(input: Blob, format: OutputFormat, width: number, options: EncodeOptions): Promise<EncodedImage> {
  return runPipeline(options, input, (image) => withFormat(image.resize(width, undefined, { withoutEnlargement: true }), format, "served"), format);
}

/** Compute the ThumbHash of a picture, base64, from a copy at most 100×100 pixels. */
export async function thumbHashOf(input: Blob | Uint8Array, options: EncodeOptions): Promise<string> {
  const png = await options.pool.run(() =>
    new Bun.Image(input, { maxPixels: options.maxPixels }).resize(100, 100, { fit: "inside" }).png({ compressionLevel: 1 }).bytes(),
  );
  const { width, height, rgba } = decodePngPixels(png);
  return Buffer.from(encodeThumbHash(width, height, rgba)).toString("base64");
}

function withFormat(image: Bun.Image, format: OutputFormat, purpose: "stored" | "served" | "lossless"): Bun.Image {
  if (format === "png") return image.png();
  if (format === "webp") {
    return purpose === "lossless" ? image.webp({ lossless: true }) : image.webp({ quality: purpose === "served" ? servedQuality : storedWebpQuality });
  }
  return image.jpeg({ quality: purpose === "served" ? servedQuality : storedJpegQuality });
}

async function runPipeline(options: EncodeOptions, input: Blob, build: (image: Bun.Image) => Bun.Image, format: OutputFormat): Promise<EncodedImage> {
  return options.pool.run(async () => {
    const image = build(new Bun.Image(input, { maxPixels: options.maxPixels, autoOrient: true }));
    try {
      const bytes = await image.bytes();
      return { bytes, format, width: image.width, height: image.height };
    } catch (error) {
      throw imageErrorToAppError(error, options.maxPixels);
    }
  });
}

/** Map Bun.Image's error codes to client errors; anything else stays a server error. */
export function imageErrorToAppError(error: unknown, maxPixels: number): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ERR_IMAGE_TOO_MANY_PIXELS") return new AppError("payload_too_large", `image has more than the limit of ${maxPixels} pixels`);
  if (code === "ERR_IMAGE_DECODE_FAILED" || code === "ERR_IMAGE_UNKNOWN_FORMAT") return invalidInput("file could not be decoded as an image", "file");
  if (code === "ERR_IMAGE_FORMAT_UNSUPPORTED") return new AppError("unsupported_media_type", "this image format cannot be decoded on this server");
  return error;
}
