import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { addressRateLimitSubject, createClientAddressResolver, testClientAddressHeader } from "./client-address.ts";

/** Run the resolver in an app whose `c.env` plays Bun's server, reporting `peer` as the socket's address. */
async function resolveFor(peer: string | undefined, trustedProxies: string[], headers: Record<string, string> = {}, testClientAddresses = false) {
  const resolve = createClientAddressResolver({ config: { trustedProxies }, testClientAddresses });
  const app = new Hono().get("/", (c) => c.text(resolve(c)));
  const server = peer === undefined ? undefined : { requestIP: () => ({ address: peer }) };
  const response = await app.request("http://localhost/", { headers }, server);
  return response.text();
}

describe("client address", () => {
  test("is the socket peer without trusted proxies", async () => {
    expect(await resolveFor("198.51.100.7", [], { "x-forwarded-for": "10.9.9.9" })).toBe("198.51.100.7");
  });

  test("ignores forwarding headers from an untrusted peer", async () => {
    expect(await resolveFor("198.51.100.7", ["10.0.0.0/8"], { "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.6" })).toBe("198.51.100.7");
  });

  test("takes the right-most untrusted X-Forwarded-For entry", async () => {
    const headers = { "x-forwarded-for": "1.1.1.1, 203.0.113.5, 10.0.0.3" };

    expect(await resolveFor("10.0.0.2", ["10.0.0.0/8"], headers)).toBe("203.0.113.5");
  });

  test("a client cannot prepend its own X-Forwarded-For entries", async () => {
    // The client sent "X-Forwarded-For: 10.0.0.99"; the proxy appended the real address.
    const headers = { "x-forwarded-for": "10.0.0.99, 203.0.113.5" };

    expect(await resolveFor("10.0.0.2", ["10.0.0.0/8"], headers)).toBe("203.0.113.5");
  });

  test("uses X-Real-IP from a trusted proxy without X-Forwarded-For", async () => {
    expect(await resolveFor("::1", ["::1"], { "x-real-ip": "203.0.113.8" })).toBe("203.0.113.8");
  });

  test("stops at an entry that is no address", async () => {
    const headers = { "x-forwarded-for": "203.0.113.5, unknown, 10.0.0.3" };

    expect(await resolveFor("10.0.0.2", ["10.0.0.0/8"], headers)).toBe("10.0.0.3");
  });

  test("strips ports, brackets and IPv4 mapping", async () => {
    expect(await resolveFor("::ffff:198.51.100.7", [])).toBe("198.51.100.7");
    expect(await resolveFor("10.0.0.2", ["10.0.0.2"], { "x-forwarded-for": "[2001:db8::5]:4711" })).toBe("2001:db8::5");
    expect(await resolveFor("10.0.0.2", ["10.0.0.2"], { "x-forwarded-for": "203.0.113.5:4711" })).toBe("203.0.113.5");
  });

  test("matches trusted IPv6 ranges", async () => {
    expect(await resolveFor("fd00::17", ["fd00::/8"], { "x-forwarded-for": "2001:db8::9" })).toBe("2001:db8::9");
  });

  test("comes from the test header only with the test flag", async () => {
    const headers = { [testClientAddressHeader]: "203.0.113.77" };

    expect(await resolveFor(undefined, [], headers, true)).toBe("203.0.113.77");
    expect(await resolveFor(undefined, [], headers, false)).toBe("0.0.0.0");
    expect(await resolveFor("198.51.100.7", [], headers, true)).toBe("198.51.100.7");
  });

  test("is random per request in tests without the header", async () => {
    const first = await resolveFor(undefined, [], {}, true);
    const second = await resolveFor(undefined, [], {}, true);

    expect(first).toStartWith("2001:db8:");
    expect(first).not.toBe(second);
  });
});

describe("rate-limit subject of an address", () => {
  test("is the IPv4 address itself", () => {
    expect(addressRateLimitSubject("198.51.100.7")).toBe("198.51.100.7");
  });

  test("is the /64 of an IPv6 address", () => {
    expect(addressRateLimitSubject("2001:db8:0:12::1")).toBe("2001:db8:0:12::/64");
    expect(addressRateLimitSubject("2001:db8:0:12:ffff:1:2:3")).toBe("2001:db8:0:12::/64");
    expect(addressRateLimitSubject("2001:0db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressRateLimitSubject("::1")).toBe("0:0:0:0::/64");
    expect(addressRateLimitSubject("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });
});

describe("client address behind Bun.serve", () => {
  test("is the loopback peer of a real connection", async () => {
    const resolve = createClientAddressResolver({ config: { trustedProxies: [] } });
    const app = new Hono().get("/", (c) => c.text(resolve(c)));
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });

    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { "x-forwarded-for": "203.0.113.5" } });

      expect(await response.text()).toBe("127.0.0.1");
    } finally {
      await server.stop(true);
    }
  });
});
