import { open, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { AppError, invalidInput } from "../http/errors.ts";
import { parseContentDisposition, parseMultipartBoundary } from "./multipart-headers.ts";

export interface ReceivedFile {
  /** Temp file holding the part's bytes; the caller deletes it. */
  path: string;
  size: number;
  /** The client's file name without directory parts; "upload" when it sent none. */
  fileName: string;
  /** The first bytes of the file, for detecting its type by content. */
  head: Uint8Array;
}

export interface ReceiveOptions {
  field: string;
  tempDirectory: string;
  maxFileBytes: number;
}

const headBytes = 4100; // what file-type reads to recognise a format
const maxPartHeaderBytes = 16 * 1024;
// Other form fields and part headers are read and dropped; they get this much on top of the file.
const otherPartsAllowanceBytes = 1024 * 1024;

/** The largest upload request body accepted for a file of at most `maxFileBytes`. */
export function largestUploadBodyBytes(maxFileBytes: number): number {
  return maxFileBytes + otherPartsAllowanceBytes;
}

/**
 * Stream a `multipart/form-data` body and write the first part named `options.field` to a
 * temp file, never holding more than one network chunk in memory (Hono's `parseBody` and
 * `Request.formData()` buffer the whole body). Other parts are discarded.
 *
 * Errors: 400 when the body is not multipart, is cut short or has no such field; 413 when the
 * file is larger than `maxFileBytes`. The temp file is removed on every error.
 */
export async function receiveMultipartFile(request: Request, options: ReceiveOptions): Promise<ReceivedFile> {
  const boundary = parseMultipartBoundary(request.headers.get("content-type"));
  if (!boundary) throw invalidInput(`request must be multipart/form-data with the image in the field "${options.field}"`, options.field);
  const tooLarge = () => new AppError("payload_too_large", `file is larger than the upload limit of ${options.maxFileBytes} bytes`, { field: options.field });
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > largestUploadBodyBytes(options.maxFileBytes)) throw tooLarge();
  if (!request.body) throw invalidInput(`multipart field "${options.field}" is missing`, options.field);

  const parser = new MultipartFileParser(boundary, options, tooLarge);
  const reader = request.body.getReader();
  let totalBytes = 0;
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        throw invalidInput("upload was interrupted before the body was complete", options.field);
      }
      if (chunk.done) break;
      totalBytes += chunk.value.length;
      if (totalBytes > largestUploadBodyBytes(options.maxFileBytes)) throw tooLarge();
      await parser.push(chunk.value);
      if (parser.finished) break;
    }
    return await parser.finish();
  } catch (error) {
    await parser.discard();
    await reader.cancel().catch(() => {});
    throw error;
  }
}

type State = "preamble" | "after-boundary" | "headers" | "body" | "done";

class MultipartFileParser {
  private pending: Buffer;
  private state: State = "preamble";
  private readonly delimiter: Buffer;
  private target: FileHandle | null = null;
  private received: ReceivedFile | null = null;
  private complete = false;
  private head: Uint8Array[] = [];
  private headLength = 0;

  constructor(
    boundary: string,
    private readonly options: ReceiveOptions,
    private readonly tooLarge: () => AppError,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    // The first boundary line has no CRLF before it; adding one lets one delimiter match all.
    this.pending = Buffer.from("\r\n");
  }

  get finished(): boolean {
    return this.state === "done";
  }

  async push(chunk: Uint8Array): Promise<void> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let more = true; more; ) more = await this.step();
  }

  /** Process what is buffered; false when more input is needed or the body is done. */
  private async step(): Promise<boolean> {
    const pending = this.pending;
    switch (this.state) {
      case "preamble": {
        const at = pending.indexOf(this.delimiter);
        if (at < 0) {
          this.pending = pending.subarray(Math.max(0, pending.length - this.delimiter.length + 1));
          return false;
        }
        this.pending = pending.subarray(at + this.delimiter.length);
        this.state = "after-boundary";
        return true;
      }
      case "after-boundary": {
        if (pending.length < 2) return false;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          this.state = "done";
          return false;
        }
        const lineEnd = pending.indexOf("\r\n");
        if (lineEnd < 0) {
          if (pending.length > 1024) throw invalidInput("malformed multipart body: boundary line not terminated", this.options.field);
          return false;
        }
        this.pending = pending.subarray(lineEnd + 2);
        this.state = "headers";
        return true;
      }
      case "headers": {
        const end = pending.subarray(0, 2).toString("latin1") === "\r\n" ? 0 : pending.indexOf("\r\n\r\n");
        if (end < 0) {
          if (pending.length > maxPartHeaderBytes) throw invalidInput("malformed multipart body: part headers too long", this.options.field);
          return false;
        }
        const headers = pending.subarray(0, end).toString("utf8");
        this.pending = pending.subarray(end === 0 ? 2 : end + 4);
        await this.startPart(headers);
        this.state = "body";
        return true;
      }
      case "body": {
        const at = pending.indexOf(this.delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of the delimiter; write the rest.
          const safe = pending.length - this.delimiter.length + 1;
          if (safe > 0) {
            await this.write(pending.subarray(0, safe));
            this.pending = pending.subarray(safe);
          }
          return false;
        }
        await this.write(pending.subarray(0, at));
        await this.endPart();
        this.pending = pending.subarray(at + this.delimiter.length);
        this.state = "after-boundary";
        return true;
      }
      case "done":
        return false;
    }
  }

  private async startPart(headerText: string): Promise<void> {
    const disposition = headerText
      .split("\r\n")
      .find((line) => /^content-disposition\s*:/i.test(line))
      ?.replace(/^[^:]*:/, "");
    const parsed = disposition ? parseContentDisposition(disposition) : null;
    if (parsed?.name !== this.options.field || this.received || this.target) return;
    const path = join(this.options.tempDirectory, `${crypto.randomUUID()}.upload`);
    this.target = await open(path, "wx", 0o600);
    this.received = { path, size: 0, fileName: cleanFileName(parsed.fileName), head: new Uint8Array() };
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (!this.target || !this.received || bytes.length === 0) return;
    this.received.size += bytes.length;
    if (this.received.size > this.options.maxFileBytes) throw this.tooLarge();
    if (this.headLength < headBytes) {
      const slice = bytes.slice(0, headBytes - this.headLength);
      this.head.push(slice);
      this.headLength += slice.length;
    }
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.target.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
  }

  private async endPart(): Promise<void> {
    if (!this.target) return;
    await this.target.close();
    this.target = null;
    this.complete = true;
  }

  async finish(): Promise<ReceivedFile> {
    if (this.state !== "done") throw invalidInput("multipart body ended before its closing boundary", this.options.field);
    if (!this.received || !this.complete) throw invalidInput(`multipart field "${this.options.field}" is missing`, this.options.field);
    this.received.head = Buffer.concat(this.head);
    return this.received;
  }

  /** Close and delete the temp file after an error. */
  async discard(): Promise<void> {
    await this.target?.close().catch(() => {});
    this.target = null;
    if (this.received) await unlink(this.received.path).catch(() => {});
  }
}

/** Keep the last path segment of a client's file name, without control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? "").split(/[/\\]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return clean === "" ? "upload" : clean;
}
