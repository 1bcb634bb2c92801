import { expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { encodePng } from "./png.ts";

test("encodePng output decodes back to the same pixels", async () => {
  const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, index) => (index * 37) % 256);
  const png = encodePng(3, 2, rgba);
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer);
  expect(view.getUint32(16)).toBe(3);
  expect(view.getUint32(20)).toBe(2);
  const idatLength = view.getUint32(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const rows = [raw.subarray(1, 13), raw.subarray(14, 26)];
  expect([...rows[0]!, ...rows[1]!]).toEqual([...rgba]);
  const metadata = await new Bun.Image(png).metadata();
  expect(metadata.width).toBe(3);
});
