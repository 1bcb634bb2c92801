import { describe, expect, test } from "bun:test";
import { decodeJwtClaims, isLoggedIn, needsRefresh, readCookie, readSessionCookies, sessionCookiesKept } from "./session-cookies.ts";

/** An unsigned `alg: none` token as the server puts into the info cookies. */
const infoToken = (claims: object) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

describe("readCookie", () => {
  test("finds a cookie among others", () => {
    expect(readCookie("a=1; stashsphere-info=abc; b=2", "stashsphere-info")).toBe("abc");
  });

  test("does not match a cookie whose name only ends the same", () => {
    expect(readCookie("xstashsphere-info=abc", "stashsphere-info")).toBeUndefined();
  });

  test("decodes percent escapes", () => {
    expect(readCookie("c=a%20b", "c")).toBe("a b");
  });
});

describe("decodeJwtClaims", () => {
  test("reads the claims of an unsigned token", () => {
    expect(decodeJwtClaims(infoToken({ userId: "U1", name: "Ünïcode", exp: 1770000000 }))).toEqual({ userId: "U1", name: "Ünïcode", exp: 1770000000 });
  });

  test("returns undefined for garbage", () => {
    expect(decodeJwtClaims("not-a-jwt")).toBeUndefined();
    expect(decodeJwtClaims("a.!!!.b")).toBeUndefined();
  });
});

describe("session state from cookies", () => {
  const now = 1_770_000_000;

  test("no cookies means logged out", () => {
    const session = readSessionCookies("theme=dark");
    expect(isLoggedIn(session)).toBe(false);
    expect(needsRefresh(session, now)).toBe(false);
  });

  test("fresh access token needs no refresh", () => {
    const session = readSessionCookies(`stashsphere-info=${infoToken({ exp: now + 3600 })}; stashsphere-refresh-info=${infoToken({ exp: now + 86400 })}`);
    expect(isLoggedIn(session)).toBe(true);
    expect(needsRefresh(session, now)).toBe(false);
  });

  test("access token expiring within 15 minutes is refreshed", () => {
    const session = readSessionCookies(`stashsphere-info=${infoToken({ exp: now + 14 * 60 })}; stashsphere-refresh-info=x`);
    expect(needsRefresh(session, now)).toBe(true);
  });

  test("only the refresh cookie left still counts as logged in and refreshes", () => {
    const session = readSessionCookies(`stashsphere-refresh-info=${infoToken({ exp: now + 86400 })}`);
    expect(isLoggedIn(session)).toBe(true);
    expect(needsRefresh(session, now)).toBe(true);
  });

  test("without a refresh cookie an expiring session cannot refresh", () => {
    const session = readSessionCookies(`stashsphere-info=${infoToken({ exp: now + 60 })}`);
    expect(needsRefresh(session, now)).toBe(false);
  });
});

describe("sessionCookiesKept", () => {
  test("is true once the access info cookie arrived", () => {
    expect(sessionCookiesKept(`theme=dark; stashsphere-info=${infoToken({ exp: 1 })}`)).toBe(true);
  });

  test("is false when the browser dropped the session cookies", () => {
    expect(sessionCookiesKept("theme=dark")).toBe(false);
  });
});
