import { afterAll, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { uniquePhoto } from "./testing/unique-photo.ts";

// End-to-end, so it runs once: the child uses the embedded database in its own state
// directory, since what is tested is the files and rows a killed upload leaves behind.
const stateDirectory = await mkdtemp(join(tmpdir(), "upload-crash-"));
const children: Subprocess[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await rm(stateDirectory, { recursive: true, force: true });
});

interface Server {
  child: Subprocess<"ignore", "pipe", "inherit">;
  port: number;
  cookie: string;
  imagePath: string;
}

async function startServer(): Promise<Server> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "testing", "crash-server.ts"), stateDirectory], { stdout: "pipe", stderr: "inherit" });
  children.push(child);
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`crash server exited before it was ready: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { child, ...(JSON.parse(text.split("\n")[0]!) as Omit<Server, "child">) };
}

function multipart(bytes: Uint8Array, boundary: string): Uint8Array<ArrayBuffer> {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]));
}

/** Temp files under `tmp` of every process, without the lock files that mark live processes. */
async function tempFiles(imagePath: string): Promise<string[]> {
  const entries = await readdir(join(imagePath, "tmp"), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && !entry.name.endsWith(".lock")).map((entry) => entry.name);
}

async function storedFiles(imagePath: string): Promise<string[]> {
  return (await readdir(imagePath, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

test("upload cut short by a killed server leaves no file and no row", async () => {
  const first = await startServer();
  const body = multipart(await uniquePhoto(1200), "crash-boundary");
  const socket = connect(first.port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(
    `POST /api/images HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${first.cookie}\r\n` +
      `Content-Type: multipart/form-data; boundary=crash-boundary\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  socket.write(body.subarray(0, body.length >> 1));

  // Wait until the server is writing the temp file, then kill it without warning.
  for (let attempt = 0; attempt < 400 && (await tempFiles(first.imagePath)).length === 0; attempt += 1) await Bun.sleep(10);
  expect((await tempFiles(first.imagePath)).length).toBe(1);
  first.child.kill("SIGKILL");
  await first.child.exited;
  socket.destroy();

  const second = await startServer();
  expect(await tempFiles(second.imagePath)).toEqual([]);
  expect(await storedFiles(second.imagePath)).toEqual([]);
  const base = `http://127.0.0.1:${second.port}`;
  const gallery = (await (await fetch(`${base}/api/images`, { headers: { cookie: second.cookie } })).json()) as { images: { hash: string }[] };
  expect(gallery.images).toEqual([]);

  // The restarted server takes the same upload whole.
  const response = await fetch(`${base}/api/images`, {
    method: "POST",
    headers: { "cookie": second.cookie, "content-type": "multipart/form-data; boundary=crash-boundary" },
    body,
  });
  expect(response.status).toBe(201);
  const { hash } = (await response.json()) as { hash: string };
  expect(await storedFiles(second.imagePath)).toEqual([hash]);
  second.child.kill("SIGTERM");
  await second.child.exited;
}, 90_000);
