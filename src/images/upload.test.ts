import { beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import { contentHash } from "./content-hash.ts";
import { imageServicesFor } from "./image-services.ts";
import { jpegClaimingSize, pngClaimingSize } from "./testing/forge-images.ts";
import { getAsset, postImage, uploadImage } from "./testing/image-fixtures.ts";
import { readPhotoFixture } from "./testing/photo-fixtures.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

let t: TestApp;
let alice: TestUser;
const maxUploadBytes = 300_000;

beforeAll(async () => {
  t = await createTestApp((config) => {
    config.image.maxUploadBytes = maxUploadBytes;
  });
  alice = await createTestUser(t, { name: "Alice" });
});

async function expectError(response: Response, status: number, message: RegExp | string) {
  const body = (await response.json()) as { code: number; message: string };
  expect({ status: response.status, code: body.code }).toEqual({ status, code: status });
  if (typeof message === "string") expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
}

describe("POST /api/images", () => {
  test("stores a JPEG and answers 201 with the reduced image", async () => {
    const response = await postImage(t, alice, await readPhotoFixture("Canon_40D.jpg"), "dir/sub/Canon_40D.jpg");
    expect(response.status).toBe(201);
    const image = (await response.json()) as Record<string, unknown>;
    expect(image).toMatchObject({ name: "Canon_40D.jpg", mime: "image/jpeg", owner: { id: alice.id, name: "Alice" }, width: 100, height: 68 });
    expect(image.hash).toMatch(/^[A-Z2-7]{52}$/);
    expect(image.thumbhash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(image.createdAt).toMatch(/Z$/);
  });

  test("names the stored file by the base32 SHA-256 of its bytes, mode 0640", async () => {
    const image = await uploadImage(t, alice, await readPhotoFixture("gps_DSCN0010.jpg"));
    const path = `${t.config.image.path}/${image.hash}`;
    const stored = await Bun.file(path).bytes();
    expect(contentHash(stored)).toBe(image.hash);
    const { stat } = await import("node:fs/promises");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  test("anonymous upload is 401", async () => {
    await expectError(await postImage(t, null, await readPhotoFixture("Canon_40D.jpg")), 401, "Authentication required");
  });

  test("body that is not multipart is 400 naming the field", async () => {
    const response = await t.request("POST", "/api/images", { cookie: alice.cookie, body: "hello", headers: { "content-type": "text/plain" } });
    await expectError(response, 400, /multipart\/form-data.*"file"/);
  });

  test("multipart without a file field is 400", async () => {
    const form = new FormData();
    form.set("picture", new File([new Uint8Array([1, 2, 3])], "a.jpg"));
    form.set("note", "hello");
    await expectError(await t.request("POST", "/api/images", { cookie: alice.cookie, body: form }), 400, 'multipart field "file" is missing');
  });

  test("SVG is 415", async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expectError(await postImage(t, alice, svg, "x.svg", "image/svg+xml"), 415, /unsupported file type/);
  });

  test("text file named .jpg is 415", async () => {
    await expectError(await postImage(t, alice, new TextEncoder().encode("just some text, honestly"), "holiday.jpg"), 415, /not a recognised image/);
  });

  test("empty file is 400", async () => {
    await expectError(await postImage(t, alice, new Uint8Array(), "empty.jpg"), 400, "file is empty");
  });

  test("HEIF from a phone is refused with 415 asking for JPEG", async () => {
    // Bun.Image has no HEIC decoder on Linux; where the OS provides one, it is converted instead.
    const response = await postImage(t, alice, await readPhotoFixture("samplefilehub.heif"), "IMG_0001.HEIC", "image/heic");
    if (response.status === 201) {
      expect(((await response.json()) as { mime: string }).mime).toBe("image/jpeg");
    } else {
      await expectError(response, 415, "HEIC is not supported; upload JPEG");
    }
  });

  test("JPEG with a malformed EXIF block is stored", async () => {
    const image = await uploadImage(t, alice, await readPhotoFixture("invalid_image01137.jpg"));
    expect(image.mime).toBe("image/jpeg");
  });

  test("truncated JPEG is a clear 4xx or stored, never a 500", async () => {
    const whole = await readPhotoFixture("gps_DSCN0010.jpg");
    for (const length of [3, 200, 5000, Math.floor(whole.length / 2)]) {
      const response = await postImage(t, alice, whole.subarray(0, length), `cut-${length}.jpg`);
      expect(response.status === 201 || (response.status >= 400 && response.status < 500)).toBe(true);
    }
  });

  test("file of exactly the limit is accepted and one byte more is 413", async () => {
    const photo = await readPhotoFixture("gps_DSCN0010.jpg");
    // A JPEG decoder ignores bytes after the end-of-image marker, so padding keeps it valid.
    const padded = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(photo);
      return bytes;
    };
    expect((await postImage(t, alice, padded(maxUploadBytes), "exact.jpg")).status).toBe(201);
    await expectError(await postImage(t, alice, padded(maxUploadBytes + 1), "over.jpg"), 413, `file is larger than the upload limit of ${maxUploadBytes} bytes`);
  });

  test("rejected uploads leave no temp files behind", async () => {
    await postImage(t, alice, new TextEncoder().encode("not an image"), "a.jpg");
    await postImage(t, alice, new Uint8Array(maxUploadBytes + 10), "b.jpg");
    expect(await readdir(imageServicesFor(t.deps).store.tempDirectory)).toEqual([]);
  });

  test("JPEG header claiming 21600×21600 pixels is refused before decoding", async () => {
    const before = process.memoryUsage().rss;
    await expectError(await postImage(t, alice, jpegClaimingSize(21_600, 21_600), "bomb.jpg"), 413, /21600×21600 pixels \(466560000\); the limit is 50000000 pixels/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  test("PNG claiming 16384×16384 pixels is refused before decoding", async () => {
    const before = process.memoryUsage().rss;
    await expectError(await postImage(t, alice, pngClaimingSize(16_384, 16_384), "bomb.png", "image/png"), 413, /16384×16384 pixels/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  test("PNG, WebP and GIF are accepted; GIF is stored as PNG", async () => {
    const photo = await readPhotoFixture("Canon_40D.jpg");
    const png = await new Bun.Image(photo).png().bytes();
    const webp = await new Bun.Image(photo).webp().bytes();
    const gif = Uint8Array.from(atob("R0lGODlhAgACAIAAAP8AAAAA/ywAAAAAAgACAAACAoRRADs="), (c) => c.charCodeAt(0));
    expect((await uploadImage(t, alice, png, "a.png")).mime).toBe("image/png");
    expect((await uploadImage(t, alice, webp, "a.webp")).mime).toBe("image/webp");
    const storedGif = await uploadImage(t, alice, gif, "a.gif");
    expect(storedGif).toMatchObject({ mime: "image/png", width: 2, height: 2 });
  });

  test("same bytes from two users share one file that outlives one deletion", async () => {
    const bob = await createTestUser(t);
    const photo = await uniquePhoto();
    const fromAlice = await uploadImage(t, alice, photo);
    const fromBob = await uploadImage(t, bob, photo);
    expect(fromBob.hash).toBe(fromAlice.hash);
    expect(fromBob.id).not.toBe(fromAlice.id);

    expect((await t.request("DELETE", `/api/images/${fromAlice.id}`, { cookie: alice.cookie })).status).toBe(200);
    expect(await Bun.file(`${t.config.image.path}/${fromBob.hash}`).exists()).toBe(true);
    expect((await getAsset(t, bob, fromBob.hash)).status).toBe(200);

    expect((await t.request("DELETE", `/api/images/${fromBob.id}`, { cookie: bob.cookie })).status).toBe(200);
    expect(await Bun.file(`${t.config.image.path}/${fromBob.hash}`).exists()).toBe(false);
  });

  test("decoding an upload does not hold up other requests", async () => {
    const roomy = await createTestApp();
    const user = await createTestUser(roomy);
    const photo = await new Bun.Image(await readPhotoFixture("orientation_landscape_1.jpg")).resize(4000, 3000).jpeg().bytes();
    let uploadFinished = false;
    const upload = postImage(roomy, user, photo).then((response) => {
      uploadFinished = true;
      return response;
    });
    // Decoding 12 megapixels runs on Bun.Image's worker thread while this request is served.
    expect((await roomy.request("GET", "/api/info")).status).toBe(200);
    expect(uploadFinished).toBe(false);
    expect((await upload).status).toBe(201);
  });
});
