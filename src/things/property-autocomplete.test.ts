import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { createThingAs, expectStatus } from "./thing-fixtures.ts";

interface Completions {
  completionType: string;
  values: string[];
}

let t: TestApp;
let viewer: TestUser;
let friend: TestUser;
let stranger: TestUser;

const string = (name: string, value: string) => ({ type: "string", name, value });
const float = (name: string, value: number, unit: string | null) => ({ type: "float", name, value, unit });

beforeAll(async () => {
  t = await createTestApp();
  viewer = await createTestUser(t);
  friend = await createTestUser(t);
  stranger = await createTestUser(t);
  await makeFriends(t, viewer, friend);

  // Names and values unique to this file, so rows of other test files never match.
  await createThingAs(t, viewer, { properties: [string("Zcolor", "Red"), float("Zweight", 1, "kg"), string("Z%sign", "x")] });
  await createThingAs(t, viewer, { properties: [string("zcolor", "red"), float("Zweight", 2, "kilogram")] });
  await createThingAs(t, viewer, { properties: [string("Zcolour", "Rose"), float("Zweight", 3, "kg"), string("Zxsign", "x")] });
  await createThingAs(t, friend, { sharingState: "friends", properties: [string("Zcolor", "Ruby"), string("Zcondition", "good")] });
  await createThingAs(t, friend, { properties: [string("Zcolor", "Rust"), string("Zconfidential", "yes")] });
  await createThingAs(t, stranger, { sharingState: "friends", properties: [string("Zcolor", "Rouge"), string("Zcontents", "?")] });
  for (let index = 0; index < 25; index += 1) {
    await createThingAs(t, viewer, { properties: [string(`Zmany${String(index).padStart(2, "0")}`, "v")] });
  }
});

async function complete(query: string, user = viewer): Promise<Completions> {
  return expectStatus<Completions>(await t.request("GET", `/api/search/property_auto_complete?${query}`, { cookie: user.cookie }), 200);
}

describe("GET /api/search/property_auto_complete", () => {
  test("completes names by prefix, most used first, one per spelling", async () => {
    const result = await complete("name=zco");

    expect(result.completionType).toBe("name");
    // Zcolor: 3 visible uses (two spellings, Zcolor twice); the friend's private and the stranger's things do not count.
    expect(result.values).toEqual(["Zcolor", "Zcolour", "Zcondition"]);
  });

  test("completes string values of one property ignoring case", async () => {
    const result = await complete("name=ZCOLOR&value=r");

    expect(result.completionType).toBe("value");
    expect(result.values).toEqual(["Red", "Ruby"]);
  });

  test("treats an empty value as name completion", async () => {
    const result = await complete("name=Zweig&value=");

    expect(result).toEqual({ completionType: "name", values: ["Zweight"] });
  });

  test("completes units of a float property", async () => {
    const result = await complete("unitFor=zweight&unit=k");

    expect(result).toEqual({ completionType: "unit", values: ["kg", "kilogram"] });
  });

  test("escapes LIKE wildcards", async () => {
    expect((await complete("name=Z%25")).values).toEqual(["Z%sign"]);
    expect((await complete("name=Z_sign")).values).toEqual([]);
  });

  test("returns at most 20", async () => {
    const result = await complete("name=Zmany");

    expect(result.values).toHaveLength(20);
    expect(result.values[0]).toBe("Zmany00");
  });

  test("sees only visible things", async () => {
    expect((await complete("name=Zcon", stranger)).values).toEqual(["Zcontents"]);
    expect((await complete("name=Zconf", friend)).values).toEqual(["Zconfidential"]);
    expect((await complete("name=Zconf")).values).toEqual([]);
  });

  test("rejects a name over 255 characters", async () => {
    const response = await t.request("GET", `/api/search/property_auto_complete?name=${"n".repeat(256)}`, { cookie: viewer.cookie });

    const error = await expectStatus<{ message: string }>(response, 400);
    expect(error.message).toBe("name: must be at most 255 characters");
  });

  test("requires a session", async () => {
    await expectStatus(await t.request("GET", "/api/search/property_auto_complete?name=a"), 401);
  });
});
