// Measure the web app: gzipped JS and CSS of the build, and how soon the things grid is usable
// in headless Chromium when the viewer sees 50 things with photos, from a cold and from a warm
// browser cache.
// Starts the compiled binary on a fresh embedded database and seeds it through the API.
//
//   bun run bench/web-tti.ts            prints a Markdown table; numbers are not asserted
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { photoFixturesDirectory } from "../src/images/testing/photo-fixtures.ts";
import { launchChromium } from "../web/e2e/browser.ts";
import { startServer } from "../web/e2e/stashsphere-server.ts";

const thingCount = 50;
// The things page shows `thingsPerPage` (web/src/pages/things-page.ts) cards of the 50.
const cardsOnFirstPage = 24;
const runs = 5;
const webDirectory = join(import.meta.dir, "..", "dist", "web");

function gzippedSizes(): { js: number; css: number; entryJs: number } {
  const sizes = { js: 0, css: 0, entryJs: 0 };
  const indexHtml = readFileSync(join(webDirectory, "index.html"), "utf8");
  for (const name of readdirSync(webDirectory)) {
    if (!name.endsWith(".js") && !name.endsWith(".css")) continue;
    const gzipped = Bun.gzipSync(readFileSync(join(webDirectory, name)), { level: 9 }).length;
    if (name.endsWith(".css")) sizes.css += gzipped;
    else sizes.js += gzipped;
    if (name.endsWith(".js") && indexHtml.includes(`/${name}`)) sizes.entryJs += gzipped;
  }
  return sizes;
}

/** Register and log in one user, then create `thingCount` things, each with its own photo. */
async function seed(browser: Browser, baseUrl: string): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const account = { name: "Bench User", email: "bench@example.test", password: "bench-long-password" };
  await context.request.post("/api/user/register", { data: { ...account, inviteCode: "e2e-invite" } });
  await context.request.post("/api/user/login", { data: { email: account.email, password: account.password } });
  const page = await context.newPage();
  await page.goto("/things");
  const photo = Buffer.from(await Bun.file(join(photoFixturesDirectory, "gps_DSCN0010.jpg")).arrayBuffer()).toString("base64");
  // Each photo gets its number drawn on it, so all 50 are distinct files with their own URLs.
  await page.evaluate(async ({ photo, count }) => {
    // The page's Content-Security-Policy forbids fetching a data: URL, so decode the base64 here.
    const bytes = Uint8Array.from(atob(photo), (character) => character.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
    for (let index = 0; index < count; index++) {
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const drawing = canvas.getContext("2d")!;
      drawing.drawImage(bitmap, 0, 0);
      drawing.font = "120px sans-serif";
      drawing.fillStyle = "white";
      drawing.fillText(String(index), 40, 160);
      const form = new FormData();
      form.append("file", await canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 }), `photo-${index}.jpg`);
      const image = await (await fetch("/api/images", { method: "POST", body: form })).json();
      await fetch("/api/things", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `Bench thing ${index}`, imagesIds: [image.id] }) });
    }
  }, { photo, count: thingCount });
  await context.storageState({ path: storageState });
  await context.close();
}

const storageState = join(import.meta.dir, "..", "test-artifacts", "web-tti-session.json");

interface Timing {
  /** First contentful paint, ms after navigation start. */
  firstPaint: number;
  /** All cards of the first page in the DOM with their cart buttons: the grid can be used. */
  gridReady: number;
  /** Every card photo in the first viewport decoded. */
  photosInView: number;
  /** Main-thread script time during the visit (CDP Performance.getMetrics `ScriptDuration`), ms. */
  scriptMs: number;
}

async function measure(page: Page): Promise<Timing> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const scriptSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((metric) => metric.name === "ScriptDuration")?.value ?? Number.NaN;
  const scriptBefore = await scriptSeconds();
  await page.goto("/things");
  await page.locator("[data-testid=thing-card]").nth(cardsOnFirstPage - 1).waitFor();
  const gridReady = await page.evaluate(() => performance.now());
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLImageElement>(".card-media img")]
      .filter((image) => image.getBoundingClientRect().top < innerHeight)
      .every((image) => image.complete && image.naturalWidth > 0),
  );
  const photosInView = await page.evaluate(() => performance.now());
  const firstPaint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN);
  const scriptMs = ((await scriptSeconds()) - scriptBefore) * 1000;
  await cdp.detach();
  return { firstPaint, gridReady, photosInView, scriptMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const server = await startServer({ compiled: true });
const browser = await launchChromium();
try {
  await seed(browser, server.baseUrl);
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    // A new context starts with an empty HTTP cache; the second visit in it finds everything cached.
    const context = await browser.newContext({ baseURL: server.baseUrl, storageState, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    cold.push(await measure(page));
    warm.push(await measure(page));
    await context.close();
  }
  const sizes = gzippedSizes();
  const row = (label: string, timings: Timing[]) =>
    `| ${label} | ${median(timings.map((t) => t.firstPaint)).toFixed(0)} | ${median(timings.map((t) => t.gridReady)).toFixed(0)} | ${median(timings.map((t) => t.photosInView)).toFixed(0)} | ${median(timings.map((t) => t.scriptMs)).toFixed(0)} |`;
  console.log(`JS gzipped: ${(sizes.js / 1024).toFixed(1)} kB in all, ${(sizes.entryJs / 1024).toFixed(1)} kB loaded by index.html; CSS gzipped: ${(sizes.css / 1024).toFixed(1)} kB`);
  console.log(`\nThings grid (${cardsOnFirstPage} cards of ${thingCount} things with photos), median of ${runs} runs, ms after navigation start (load average ${loadavg()[0]!.toFixed(2)}):\n`);
  console.log("| cache | first contentful paint | cards usable | photos in view decoded | script time |");
  console.log("| --- | --- | --- | --- | --- |");
  console.log(row("cold", cold));
  console.log(row("warm", warm));
} finally {
  await browser.close();
  await server.stop();
}
