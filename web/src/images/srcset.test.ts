import { describe, expect, test } from "bun:test";
import { assetUrl, buildSrcset, servedWidth } from "./srcset.ts";

describe("servedWidth", () => {
  test("rounds up to the next served width", () => {
    expect(servedWidth(10)).toBe(64);
    expect(servedWidth(300)).toBe(384);
    expect(servedWidth(512)).toBe(512);
    expect(servedWidth(5000)).toBe(2048);
  });
});

describe("buildSrcset", () => {
  test("lists served widths up to the cap with w descriptors", () => {
    expect(buildSrcset("", "ABC", 256)).toBe("/assets/ABC?width=64 64w, /assets/ABC?width=128 128w, /assets/ABC?width=256 256w");
  });

  test("rounds a cap between served widths up", () => {
    expect(buildSrcset("", "H", 300).split(", ").at(-1)).toBe("/assets/H?width=384 384w");
  });

  test("uses the original instead of upscaled widths", () => {
    expect(buildSrcset("https://api.example.com", "H", 1024, 300)).toBe(
      "https://api.example.com/assets/H?width=64 64w, https://api.example.com/assets/H?width=128 128w, https://api.example.com/assets/H?width=256 256w, https://api.example.com/assets/H 300w",
    );
  });

  test("tiny original is offered alone", () => {
    expect(buildSrcset("", "H", 512, 40)).toBe("/assets/H 40w");
  });
});

test("assetUrl escapes the hash", () => {
  expect(assetUrl("", "a/b", 64)).toBe("/assets/a%2Fb?width=64");
});
