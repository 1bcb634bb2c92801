import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "../http/errors.ts";
import { cleanFileName, receiveMultipartFile } from "./multipart-file.ts";

const tempDirectory = await mkdtemp(join(tmpdir(), "multipart-"));
afterAll(() => rm(tempDirectory, { recursive: true, force: true }));

const boundary = "----StashSphereBoundary7MA4YWxkTrZu0gW";

/** Build a request whose body arrives in chunks of `chunkSize` bytes, as from a slow network. */
function chunkedRequest(body: Uint8Array, chunkSize: number, contentType = `multipart/form-data; boundary=${boundary}`): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < body.length; at += chunkSize) controller.enqueue(body.slice(at, at + chunkSize));
      controller.close();
    },
  });
  return new Request("http://localhost/api/images", { method: "POST", body: stream, headers: { "content-type": contentType } });
}

function multipartBody(parts: { headers: string; content: Uint8Array | string }[], { preamble = "", closing = true } = {}): Uint8Array {
  const pieces: (Uint8Array | string)[] = [preamble];
  for (const part of parts) pieces.push(`--${boundary}\r\n${part.headers}\r\n\r\n`, part.content, "\r\n");
  if (closing) pieces.push(`--${boundary}--\r\n`);
  return Buffer.concat(pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece)));
}

const options = { field: "file", tempDirectory, maxFileBytes: 10_000 };

async function expectAppError(promise: Promise<unknown>, status: number, message: RegExp) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  expect((error as AppError).message).toMatch(message);
}

describe("receiveMultipartFile", () => {
  // Bytes that look like parts of the delimiter, to catch a parser that loses a partial match.
  const content = Buffer.concat([Buffer.from("\r\n--"), Buffer.from(`\r\n--${boundary.slice(0, 20)}`), new Uint8Array(3000).map((_, i) => i % 251), Buffer.from("\r\n-")]);
  const body = multipartBody(
    [
      { headers: 'Content-Disposition: form-data; name="note"', content: "first a text field" },
      { headers: 'Content-Disposition: form-data; name="file"; filename="C:\\Users\\me\\IMG 1.jpg"\r\nContent-Type: image/jpeg', content },
      { headers: 'Content-Disposition: form-data; name="file"; filename="second.jpg"', content: "ignored" },
    ],
    { preamble: "preamble to be ignored\r\n" },
  );

  for (const chunkSize of [1, 2, 7, 41, 64, 1000, body.length]) {
    test(`writes the file part exactly with chunks of ${chunkSize} bytes`, async () => {
      const received = await receiveMultipartFile(chunkedRequest(body, chunkSize), options);
      expect(received.fileName).toBe("IMG 1.jpg");
      expect(received.size).toBe(content.length);
      expect(Buffer.from(await Bun.file(received.path).bytes()).equals(content)).toBe(true);
      expect(Buffer.from(received.head).equals(content.subarray(0, 4100))).toBe(true);
      await rm(received.path);
    });
  }

  test("decodes an RFC 5987 file name", async () => {
    const request = chunkedRequest(multipartBody([{ headers: `Content-Disposition: form-data; name=file; filename="x.jpg"; filename*=UTF-8''%E2%82%AC%20price.jpg`, content: "abc" }]), 5);
    const received = await receiveMultipartFile(request, options);
    expect(received.fileName).toBe("€ price.jpg");
    await rm(received.path);
  });

  test("rejects a body that is not multipart", async () => {
    await expectAppError(receiveMultipartFile(chunkedRequest(Buffer.from("{}"), 10, "application/json"), options), 400, /multipart\/form-data/);
  });

  test("rejects a missing file field", async () => {
    const request = chunkedRequest(multipartBody([{ headers: 'Content-Disposition: form-data; name="photo"; filename="a.jpg"', content: "abc" }]), 10);
    await expectAppError(receiveMultipartFile(request, options), 400, /field "file" is missing/);
  });

  test("rejects a body cut before its closing boundary and removes the partial file", async () => {
    const request = chunkedRequest(multipartBody([{ headers: 'Content-Disposition: form-data; name="file"; filename="a.jpg"', content: "abcdef" }], { closing: false }), 3);
    await expectAppError(receiveMultipartFile(request, options), 400, /ended before its closing boundary/);
    expect(await readdir(tempDirectory)).toEqual([]);
  });

  test("rejects a file over the limit without a Content-Length and removes it", async () => {
    const request = chunkedRequest(multipartBody([{ headers: 'Content-Disposition: form-data; name="file"; filename="a.jpg"', content: new Uint8Array(10_001) }]), 4096);
    await expectAppError(receiveMultipartFile(request, options), 413, /upload limit of 10000 bytes/);
    expect(await readdir(tempDirectory)).toEqual([]);
  });
});

describe("cleanFileName", () => {
  test("keeps the last path segment without control characters", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("a\\b\\c.png")).toBe("c.png");
    expect(cleanFileName("bad\u0000name\n.jpg")).toBe("badname.jpg");
    expect(cleanFileName("")).toBe("upload");
    expect(cleanFileName(undefined)).toBe("upload");
    expect(cleanFileName("x".repeat(300))).toHaveLength(255);
  });
});
