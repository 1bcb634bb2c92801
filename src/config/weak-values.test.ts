import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { cookieDomain, httpUrl, ipOrCidr, listenAddress, origin } from "./network-values.ts";
import { boolean, integer, list, text } from "./weak-values.ts";

/** Return the converted value, or the message of the first issue. */
function read(schema: v.GenericSchema, input: unknown): unknown {
  const result = v.safeParse(schema, input);
  return result.success ? result.output : `error: ${result.issues[0]?.message}`;
}

describe("integer", () => {
  const port = integer(1, 65535);
  test.each([
    ["5432", 5432],
    [" 5432 ", 5432],
    [5432, 5432],
    ["+8", 8],
    ["0", "error: expected an integer from 1 to 65535, got \"0\""],
    ["1.5", "error: expected an integer from 1 to 65535, got \"1.5\""],
    ["0x1F", "error: expected an integer from 1 to 65535, got \"0x1F\""],
    ["", "error: expected an integer from 1 to 65535, got \"\""],
    [[1], "error: expected an integer from 1 to 65535, got a list"],
  ] as const)("%p reads as %p", (input, expected) => {
    expect(read(port, input)).toEqual(expected);
  });

  test("lower bound only", () => {
    expect(read(integer(1), "0")).toBe('error: expected an integer of at least 1, got "0"');
  });
});

describe("boolean", () => {
  test.each([
    ["true", true], ["True", true], ["TRUE", true], ["1", true], [true, true],
    ["false", false], ["F", false], ["0", false], [false, false],
  ] as const)("%p reads as %p", (input, expected) => {
    expect(read(boolean(), input)).toBe(expected);
  });

  test.each(["yes", "on", "", "2"])("%p is rejected", (input) => {
    expect(read(boolean(), input)).toBe(`error: expected true or false, got ${JSON.stringify(input)}`);
  });
});

describe("text and lists", () => {
  test("numbers and booleans read as text", () => {
    expect(read(text(), 12)).toBe("12");
    expect(read(text(), false)).toBe("false");
  });

  test("maps are not text", () => {
    expect(read(text(), { a: 1 })).toBe("error: expected a string, got a map");
  });

  test("long values are cut in messages", () => {
    const message = String(read(integer(), "9".repeat(200)));
    expect(message.length).toBeLessThan(140);
  });

  test("single value becomes a one-item list", () => {
    expect(read(list(text(), "list"), "a,b")).toEqual(["a,b"]);
    expect(read(list(text(), "list"), ["a", 1])).toEqual(["a", "1"]);
  });
});

describe("network values", () => {
  test.each([":8081", "127.0.0.1:8081", "[::1]:8081", "localhost:1", "[::]:65535"])("listen address %p is valid", (address) => {
    expect(read(listenAddress(), address)).toBe(address);
  });

  test.each(["8081", ":0", ":65536", "::1:8081", "[nothost]:1", "http://x:1", "host:"])("listen address %p is rejected", (address) => {
    expect(String(read(listenAddress(), address))).toStartWith("error: expected host:port");
  });

  test.each(["10.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "0.0.0.0/0"])("%p is an IP or CIDR", (value) => {
    expect(read(ipOrCidr(), value)).toBe(value);
  });

  test.each(["10.0.0.0/33", "fd00::/129", "10.0.0.0/8/1", "example.com", "10.0.0.0/x"])("%p is not an IP or CIDR", (value) => {
    expect(String(read(ipOrCidr(), value))).toStartWith("error: expected an IP address");
  });

  test.each([
    ["https://stash.example.com", "https://stash.example.com"],
    ["http://localhost:5173", "http://localhost:5173"],
    ["HTTPS://Stash.Example.com", "https://stash.example.com"],
    ["https://stash.example.com/", "https://stash.example.com"],
    ["https://stash.example.com:443", "https://stash.example.com"],
    ["http://[::1]:5173", "http://[::1]:5173"],
  ])("origin %p reads as %p", (value, expected) => {
    expect(read(origin(), value)).toBe(expected);
  });

  test.each(["*", "https://*.example.com", "https://stash.example.com?", "stash.example.com", "https://x.example.com/app", "ftp://x.example.com"])("origin %p is rejected", (value) => {
    expect(String(read(origin(), value))).toStartWith("error: expected an origin");
  });

  test("cookie domain drops a leading dot and lower-cases", () => {
    expect(read(cookieDomain(), ".Stash.Example.com")).toBe("stash.example.com");
    expect(read(cookieDomain(), "")).toBe("");
  });

  test("issuer URL keeps its trailing slash", () => {
    expect(read(httpUrl({ trimTrailingSlash: false }), "https://tenant.auth0.com/")).toBe("https://tenant.auth0.com/");
    expect(String(read(httpUrl({ trimTrailingSlash: false }), "ftp://x"))).toStartWith("error: expected an http or https URL");
  });
});
