import { fileTypeFromBuffer } from "file-type";
import { AppError, invalidInput } from "../http/errors.ts";
import type { OutputFormat } from "./image-pipeline.ts";

/** An accepted upload: what it is, and what it is stored as after re-encoding. */
export interface AcceptedType {
  detectedMime: string;
  /** The format the header reader understands, or null for HEIC/HEIF. */
  headerFormat: "jpeg" | "png" | "webp" | "gif" | null;
  storedAs: OutputFormat;
}

const accepted: Record<string, AcceptedType> = {
  "image/jpeg": { detectedMime: "image/jpeg", headerFormat: "jpeg", storedAs: "jpeg" },
  "image/png": { detectedMime: "image/png", headerFormat: "png", storedAs: "png" },
  "image/webp": { detectedMime: "image/webp", headerFormat: "webp", storedAs: "webp" },
  // Bun.Image decodes the first frame of a GIF and has no GIF encoder: stored as PNG.
  "image/gif": { detectedMime: "image/gif", headerFormat: "gif", storedAs: "png" },
  // Converted when this machine's Bun.Image can decode HEIC (macOS, Windows with the HEIF
  // extension). On Linux the decode fails, so the upload gets a 415 asking for JPEG.
  "image/heic": { detectedMime: "image/heic", headerFormat: null, storedAs: "jpeg" },
  "image/heif": { detectedMime: "image/heif", headerFormat: null, storedAs: "jpeg" },
};

export const heicUnsupportedMessage = "HEIC is not supported; upload JPEG";

/**
 * Decide the type of an upload from its first bytes, never from its name or declared type.
 * Only raster formats we can re-encode are accepted: SVG (script), TIFF, BMP, AVIF and
 * anything else are a 415.
 */
export async function detectImageType(head: Uint8Array): Promise<AcceptedType> {
  if (head.length === 0) throw invalidInput("file is empty", "file");
  const detected = await fileTypeFromBuffer(head);
  const type = detected ? accepted[detected.mime] : undefined;
  if (!type) {
    const what = detected ? detected.mime : "not a recognised image";
    throw new AppError("unsupported_media_type", `unsupported file type (${what}); upload a JPEG, PNG, WebP or GIF image`, { field: "file" });
  }
  return type;
}
