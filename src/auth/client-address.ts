import type { Context } from "hono";
import { BlockList, isIP } from "node:net";

/**
 * Header that names the client address in tests, where `app.request` has no socket. It is read
 * only when `testClientAddresses` is set in the deps, which only the test harness does.
 */
export const testClientAddressHeader = "x-test-client-address";

export interface ClientAddressDeps {
  config: { trustedProxies: readonly string[] };
  /** Take the address from `X-Test-Client-Address`, or a new random one per request without it. */
  testClientAddresses?: boolean;
}

interface PeerSource {
  requestIP?: (request: Request) => { address: string } | null;
}

function toTrustedList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Normalise an address from a header or socket: no brackets, no port, IPv4 not mapped into IPv6. */
function normaliseAddress(text: string): string | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address.toLowerCase() : undefined;
}

function familyOf(address: string): "ipv4" | "ipv6" {
  return isIP(address) === 6 ? "ipv6" : "ipv4";
}

/**
 * Build the function that finds the client's address. That is the socket's peer, unless the
 * peer is one of `trustedProxies`. Behind a trusted proxy it is the right-most address of
 * `X-Forwarded-For` that is not a trusted proxy, because the entries further left were written
 * by the client and prove nothing. Without `X-Forwarded-For`, `X-Real-IP` is used.
 */
export function createClientAddressResolver(deps: ClientAddressDeps): (c: Context) => string {
  const trusted = toTrustedList(deps.config.trustedProxies);
  const isTrusted = (address: string) => trusted.check(address, familyOf(address));

  return (c) => {
    const peer = peerAddress(c, deps);
    if (!isTrusted(peer)) return peer;

    const forwardedFor = c.req.header("x-forwarded-for");
    if (forwardedFor === undefined) return normaliseAddress(c.req.header("x-real-ip") ?? "") ?? peer;

    let nearest = peer;
    for (const entry of forwardedFor.split(",").reverse()) {
      const address = normaliseAddress(entry);
      if (address === undefined) break;
      if (!isTrusted(address)) return address;
      nearest = address;
    }
    return nearest;
  };
}

function peerAddress(c: Context, deps: ClientAddressDeps): string {
  // Bun.serve hands its server to `app.fetch` as the second argument, which Hono stores as
  // `c.env`; `server.requestIP` then reports the socket's peer.
  const server = c.env as PeerSource | undefined;
  const peer = server?.requestIP?.(c.req.raw)?.address;
  if (peer !== undefined) return normaliseAddress(peer) ?? peer;
  if (deps.testClientAddresses) {
    const claimed = normaliseAddress(c.req.header(testClientAddressHeader) ?? "");
    return claimed ?? randomDocumentationAddress();
  }
  // NOTE: without a socket (a Unix socket listener, or an embedding that does not pass the
  // server to `fetch`) every client shares this one address and so one set of rate limits.
  return "0.0.0.0";
}

/** Make up an address in 2001:db8::/32 (reserved for documentation) with 32 random bits in its /64. */
function randomDocumentationAddress(): string {
  const [high = 0, low = 0] = crypto.getRandomValues(new Uint16Array(2));
  return `2001:db8:${high.toString(16)}:${low.toString(16)}::1`;
}

/**
 * Reduce an address to the part that identifies one client for rate limits. That is the whole
 * IPv4 address, or the /64 prefix of an IPv6 address, because one household or server usually
 * gets a whole /64 and can pick any address in it.
 */
export function addressRateLimitSubject(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const headParts = groupsOf(head);
  const tailParts = groupsOf(tail ?? "");
  const missing = 8 - headParts.length - tailParts.length;
  return [...headParts, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailParts].map((part) => part.replace(/^0+(?=.)/, ""));
}

/** Split hex groups, turning a dotted IPv4 tail (`64:ff9b::192.0.2.1`) into its two groups. */
function groupsOf(text: string): string[] {
  if (text === "") return [];
  return text.split(":").flatMap((part) => {
    if (!part.includes(".")) return [part];
    const [a = 0, b = 0, c = 0, d = 0] = part.split(".").map(Number);
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  });
}
