import { beforeAll, describe, expect, test } from "bun:test";
import Ajv2020 from "ajv/dist/2020";
import { isRfc3339DateTime } from "../../things/property-input.ts";
import { createTestApp, type TestApp } from "../../testing/app.ts";
import { createTestUser, type TestUser } from "../../testing/users.ts";
import { stashsphereOpenapiDocument } from "./api-features.ts";

const document = stashsphereOpenapiDocument("test");
const documentId = "urn:stashsphere:openapi";
const ajv = new Ajv2020({ strict: false, formats: { "date-time": isRfc3339DateTime } });
ajv.addSchema({ $id: documentId, paths: document.paths, components: document.components });

type Method = "get" | "post" | "patch" | "put" | "delete";
const pointerEscape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Compile the documented JSON Schema of an operation's request body with the document's components. */
function requestBodyValidator(method: Method, path: string) {
  const pointer = `#/paths/${pointerEscape(path)}/${method}/requestBody/content/application~1json/schema`;
  const validate = ajv.getSchema(`${documentId}${pointer}`);
  if (!validate) throw new Error(`no request body schema for ${method} ${path}`);
  return validate;
}

/** Compile the documented JSON Schema of a response body. */
function responseValidator(method: Method, path: string, status: number) {
  const pointer = `#/paths/${pointerEscape(path)}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(`${documentId}${pointer}`);
  if (!validate) throw new Error(`no response schema for ${method} ${path} ${status}`);
  return validate;
}

function expectValid(validate: ReturnType<typeof requestBodyValidator>, value: unknown) {
  const valid = validate(value);
  expect({ value, errors: validate.errors ?? null }).toEqual({ value, errors: null });
  expect(valid).toBe(true);
}

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t, { name: "Olga" });
});

describe("documented request bodies", () => {
  const cases: { name: string; method: Method; path: string; valid: unknown; invalid: unknown[] }[] = [
    {
      name: "create thing",
      method: "post",
      path: "/api/things",
      valid: { name: "Drill", quantity: 2, properties: [{ type: "float", name: "Power", value: 650, unit: "W" }], sharingState: "friends" },
      invalid: [{}, { name: 7 }, { name: "Drill", quantity: 1.5 }, { name: "Drill", sharingState: "everyone" }, { name: "Drill", properties: [{ type: "colour", name: "c", value: "red" }] }],
    },
    {
      name: "create list",
      method: "post",
      path: "/api/lists",
      valid: { name: "Workshop", thingIds: [], sharingState: "private" },
      invalid: [{ thingIds: [] }, { name: "Workshop", thingIds: "abc" }, { name: "Workshop", thingIds: ["not an id!"] }],
    },
    {
      name: "update profile",
      method: "patch",
      path: "/api/user/profile",
      valid: { fullName: "Olga Example", information: "Has a ladder.\nAsk first.", imageId: null },
      invalid: [{ name: 12 }, { imageId: "" }, { information: ["text"] }],
    },
    {
      name: "replace cart",
      method: "put",
      path: "/api/cart",
      valid: { thingIds: [] },
      invalid: [{ thingIds: [1, 2] }, { thingIds: "x" }],
    },
  ];

  for (const { name, method, path, valid, invalid } of cases) {
    test(`${name}: schema accepts a valid body`, () => {
      expectValid(requestBodyValidator(method, path), valid);
    });

    test(`${name}: route rejects what the schema rejects`, async () => {
      const validate = requestBodyValidator(method, path);
      for (const body of invalid) {
        expect({ body, valid: validate(body) }).toEqual({ body, valid: false });
        const response = await t.request(method.toUpperCase(), path, { cookie: owner.cookie, body });
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
      }
    });
  }

  test("route accepts the valid sample", async () => {
    const response = await t.request("POST", "/api/things", { cookie: owner.cookie, body: cases[0]?.valid });
    expect(response.status).toBe(201);
  });
});

describe("documented response bodies", () => {
  test("thing, list, profile and error responses match their schemas", async () => {
    const created = await t.request("POST", "/api/things", { cookie: owner.cookie, body: { name: "Ladder", properties: [{ type: "datetime", name: "Bought", value: "2024-05-01T12:00:00Z" }] } });
    const thing = (await created.json()) as { id: string };
    expectValid(responseValidator("post", "/api/things", 201), thing);
    expectValid(responseValidator("get", "/api/things/{id}", 200), await (await t.request("GET", `/api/things/${thing.id}`, { cookie: owner.cookie })).json());
    expectValid(responseValidator("get", "/api/things", 200), await (await t.request("GET", "/api/things", { cookie: owner.cookie })).json());

    const list = await t.request("POST", "/api/lists", { cookie: owner.cookie, body: { name: "Garage", thingIds: [thing.id] } });
    expectValid(responseValidator("post", "/api/lists", 201), await list.json());
    expectValid(responseValidator("get", "/api/user/profile", 200), await (await t.request("GET", "/api/user/profile", { cookie: owner.cookie })).json());
    expectValid(responseValidator("get", "/api/cart", 200), await (await t.request("GET", "/api/cart", { cookie: owner.cookie })).json());

    const missing = await t.request("GET", "/api/things/nosuchthing", { cookie: owner.cookie });
    expect(missing.status).toBe(404);
    const errorSchema = ajv.getSchema(`${documentId}#/components/schemas/Error`);
    if (!errorSchema) throw new Error("no Error schema");
    expectValid(errorSchema, await missing.json());
  });
});
