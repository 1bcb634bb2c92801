import { describe, expect, test } from "bun:test";
import { routes } from "../routes.ts";
import { findRoute, loginPathFor, matchRoute, safeNextPath } from "./match-route.ts";

describe("matchRoute", () => {
  test("fixed path matches itself only", () => {
    expect(matchRoute("/things", "/things")).toEqual({});
    expect(matchRoute("/things", "/lists")).toBeUndefined();
    expect(matchRoute("/things", "/things/abc")).toBeUndefined();
  });

  test("parameters are extracted and decoded", () => {
    expect(matchRoute("/things/:id/edit", "/things/a%20b/edit")).toEqual({ id: "a b" });
  });

  test("trailing slash is ignored", () => {
    expect(matchRoute("/lists/:id", "/lists/x/")).toEqual({ id: "x" });
  });

  test("malformed escape does not match", () => {
    expect(matchRoute("/users/:id", "/users/%E0%A4%A")).toBeUndefined();
  });
});

describe("findRoute over the app routes", () => {
  test("create pages win over :id", () => {
    expect(findRoute(routes, "/things/create")?.route.path).toBe("/things/create");
    expect(findRoute(routes, "/lists/create")?.route.path).toBe("/lists/create");
  });

  test("detail, edit and share pages", () => {
    expect(findRoute(routes, "/things/T1")?.params).toEqual({ id: "T1" });
    expect(findRoute(routes, "/things/T1/share")?.route.path).toBe("/things/:id/share");
    expect(findRoute(routes, "/lists/L1/edit")?.route.path).toBe("/lists/:id/edit");
  });

  test("unknown path has no route", () => {
    expect(findRoute(routes, "/nowhere")).toBeUndefined();
  });

  test("every route has either a page or a redirect", () => {
    for (const route of routes) expect(Boolean(route.page) !== Boolean(route.redirect)).toBe(true);
  });
});

describe("safeNextPath", () => {
  test("keeps a local path with query and fragment", () => {
    expect(safeNextPath("/user/verify-email#12345678")).toBe("/user/verify-email#12345678");
  });

  test("rejects other origins", () => {
    for (const next of ["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]) {
      expect(safeNextPath(next)).toBe("/things");
    }
  });
});

test("loginPathFor keeps the fragment through the round trip", () => {
  const login = loginPathFor("/user/verify-email#12345678");
  expect(login).toBe("/user/login?next=%2Fuser%2Fverify-email%2312345678");
  const next = new URLSearchParams(login.split("?")[1]).get("next");
  expect(safeNextPath(next)).toBe("/user/verify-email#12345678");
});
