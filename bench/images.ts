// Throughput and memory of the photo pipeline. Run: bun bench/images.ts
//
// 1. Thumbnails per second: a 12-megapixel JPEG to a 400 px wide WebP, through our pipeline
//    (encodeResized: processing pool, limits) and through Bun.Image alone, same concurrency.
// 2. Served thumbnails per second from the cache: GET /assets/:hash?width=400 over loopback
//    HTTP, with session check and access query.
// 3. Peak RSS of a server process while 8 uploads of 12-megapixel photos run at once.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { encodeResized } from "../src/images/image-pipeline.ts";
import { ProcessingPool } from "../src/images/processing-pool.ts";
import { decodePngPixels } from "../src/images/png-pixels.ts";
import { encodeRgbaPng } from "../src/images/testing/unique-photo.ts";
import { readPhotoFixture } from "../src/images/testing/photo-fixtures.ts";
import { createTestApp } from "../src/testing/app.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { createTestUser } from "../src/testing/users.ts";
import { uploadImage } from "../src/images/testing/image-fixtures.ts";

const workDirectory = await mkdtemp(join(tmpdir(), "bench-images-"));
const cores = availableParallelism();

/** Make a 4000×3000 photo with sensor-like noise, so that it compresses like a camera JPEG. */
async function twelveMegapixelJpeg(): Promise<Uint8Array> {
  const upscaled = await new Bun.Image(await readPhotoFixture("orientation_landscape_1.jpg")).resize(4000, 3000).png({ compressionLevel: 0 }).bytes();
  const { width, height, rgba } = decodePngPixels(upscaled);
  const noise = crypto.getRandomValues(new Uint8Array(1 << 16));
  for (let i = 0; i < rgba.length; i += 1) {
    if ((i & 3) !== 3) rgba[i] = Math.max(0, Math.min(255, rgba[i]! + (noise[i & 0xffff]! % 17) - 8));
  }
  return new Bun.Image(encodeRgbaPng(width, height, rgba)).jpeg({ quality: 92 }).bytes();
}

async function timed(label: string, count: number, concurrency: number, work: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        await work();
      }
    }),
  );
  const perSecond = count / ((performance.now() - started) / 1000);
  console.log(`${label}: ${perSecond.toFixed(1)}/s (${count} in total, ${concurrency} at once)`);
  return perSecond;
}

const photo = await twelveMegapixelJpeg();
const photoPath = join(workDirectory, "photo.jpg");
await Bun.write(photoPath, photo);
console.log(`machine: ${cores} cores, Bun ${Bun.version}; test photo 4000×3000, ${(photo.length / 1e6).toFixed(1)} MB JPEG`);

// 1. Resizing throughput, each run twice, best of two, alternating to even out noise.
const pool = new ProcessingPool(cores);
const count = 40;
const ours: number[] = [];
const alone: number[] = [];
for (let round = 0; round < 2; round += 1) {
  alone.push(await timed("Bun.Image alone, 12 MP JPEG → 400 px WebP", count, cores, () =>
    new Bun.Image(Bun.file(photoPath), { maxPixels: 50_000_000 }).resize(400, undefined, { withoutEnlargement: true }).webp({ quality: 80 }).bytes(),
  ));
  ours.push(await timed("our pipeline,    12 MP JPEG → 400 px WebP", count, cores, () =>
    encodeResized(Bun.file(photoPath), "webp", 400, { pool, maxPixels: 50_000_000 }),
  ));
}
console.log(`ratio ours / Bun.Image alone: ${(Math.max(...ours) / Math.max(...alone)).toFixed(2)}`);

// 2. Served from cache over loopback HTTP, on the test harness's database (PostgreSQL when
//    its programs are installed, else the embedded one).
const t = await createTestApp((config) => {
  config.image.maxUploadBytes = 64 * 1024 * 1024;
});
const user = await createTestUser(t);
const image = await uploadImage(t, user, photo, "photo.jpg");
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: t.app.fetch });
const url = `http://127.0.0.1:${server.port}/assets/${image.hash}?width=400`;
const headers = { cookie: user.cookie, accept: "image/webp" };
await (await fetch(url, { headers })).arrayBuffer(); // fills the cache
await timed("served from cache, GET /assets/:hash?width=400 (512 px WebP)", 4000, 32, async () => {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
});
await server.stop(true);

// 3. Peak RSS of a separate server process during 8 simultaneous uploads. It uses a throwaway
//    PostgreSQL cluster, because the embedded database alone takes several hundred MB.
const cluster = await startPostgresCluster();
const stateDirectory = join(workDirectory, "server");
const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "src", "images", "testing", "crash-server.ts"), stateDirectory, cluster.url], { stdout: "pipe", stderr: "inherit" });
const reader = child.stdout.getReader();
let line = "";
while (!line.includes("\n")) {
  const { value, done } = await reader.read();
  if (done) throw new Error(`the server process exited before it was ready: ${line}`);
  line += new TextDecoder().decode(value);
}
const { port, cookie } = JSON.parse(line) as { port: number; cookie: string };
const residentKilobytes = async (field: "VmRSS" | "VmHWM") => Number((await Bun.file(`/proc/${child.pid}/status`).text()).match(new RegExp(`${field}:\\s+(\\d+)`))![1]);
const before = await residentKilobytes("VmRSS");
const uploads = await Promise.all(
  Array.from({ length: 8 }, async (_, index) => {
    const form = new FormData();
    form.set("file", new File([photo as Uint8Array<ArrayBuffer>], `photo-${index}.jpg`, { type: "image/jpeg" }));
    return (await fetch(`http://127.0.0.1:${port}/api/images`, { method: "POST", body: form, headers: { cookie } })).status;
  }),
);
const peak = await residentKilobytes("VmHWM");
const after = await residentKilobytes("VmRSS");
const megabytes = (kilobytes: number) => `${(kilobytes / 1024).toFixed(0)} MB`;
console.log(`8 uploads at once: statuses ${uploads.join(",")}; server RSS before ${megabytes(before)}, peak ${megabytes(peak)} (VmHWM), after ${megabytes(after)}`);
child.kill("SIGTERM");
await child.exited;
await cluster.stop();
await rm(workDirectory, { recursive: true, force: true });
process.exit(0);
