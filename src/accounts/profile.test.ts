import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function insertImage(owner: TestUser, thumbhash: string | null = null): Promise<string> {
  const id = newId();
  await t.db.query(sql`
    insert into images (id, name, mime, hash, owner_id, thumbhash)
    values (${id}, 'me.jpg', 'image/jpeg', ${`HASH${id.toUpperCase()}`}, ${owner.id}, ${thumbhash})`);
  return id;
}

async function patchProfile(user: TestUser, body: unknown) {
  const response = await t.request("PATCH", "/api/user/profile", { cookie: user.cookie, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("GET /api/user/profile", () => {
  test("new account has null profile fields", async () => {
    const user = await createTestUser(t, { name: "Alice" });
    const response = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: user.id,
      name: "Alice",
      fullName: null,
      information: null,
      email: user.email,
      image: null,
      purgeAt: null,
      hasPassword: true,
      emailVerified: false,
    });
  });

  test("account without a password says so", async () => {
    const user = await createTestUser(t);
    await t.db.query(sql`update users set password_hash = null where id = ${user.id}`);
    const response = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
    expect(((await response.json()) as { hasPassword: boolean }).hasPassword).toBe(false);
  });

  test("anonymous caller gets 401", async () => {
    for (const [method, path] of [
      ["GET", "/api/user/profile"],
      ["PATCH", "/api/user/profile"],
      ["POST", "/api/user/deletion"],
      ["DELETE", "/api/user/deletion"],
      ["POST", "/api/user/email-verification/request"],
      ["POST", "/api/user/email-verification/verify"],
    ] as const) {
      const response = await t.request(method, path, { body: {} });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
    }
  });

  test("session of a deleted account gets 401", async () => {
    const user = await createTestUser(t);
    await t.db.query(sql`delete from users where id = ${user.id}`);
    const response = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
    expect(response.status).toBe(401);
  });
});

describe("PATCH /api/user/profile", () => {
  test("fields left out keep their values", async () => {
    const user = await createTestUser(t, { name: "Bob" });

    const first = await patchProfile(user, { fullName: "Bob Example" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: "Bob", fullName: "Bob Example", information: "", image: null });
    expect("emailVerified" in first.body).toBe(false);

    const second = await patchProfile(user, { information: "Bikes\nand tools" });
    expect(second.body).toMatchObject({ name: "Bob", fullName: "Bob Example", information: "Bikes\nand tools" });

    const third = await patchProfile(user, { name: "  Robert  " });
    expect(third.body).toMatchObject({ name: "Robert", fullName: "Bob Example", information: "Bikes\nand tools" });
  });

  test("empty patch creates the profile row", async () => {
    const user = await createTestUser(t);
    const { status, body } = await patchProfile(user, {});
    expect(status).toBe(200);
    expect(body.fullName).toBe("");
    expect(body.information).toBe("");
  });

  test("null clears full name and information", async () => {
    const user = await createTestUser(t);
    await patchProfile(user, { fullName: "X Y", information: "Z" });
    const { body } = await patchProfile(user, { fullName: null, information: null });
    expect(body.fullName).toBe("");
    expect(body.information).toBe("");
  });

  test("invalid fields are rejected by name", async () => {
    const user = await createTestUser(t, { name: "Valid Name" });
    const cases: Array<[unknown, string]> = [
      [{ name: "a" }, "name"],
      [{ name: "   a   " }, "name"],
      [{ name: "x".repeat(256) }, "name"],
      [{ name: "two\nlines" }, "name"],
      [{ name: 42 }, "name"],
      [{ name: null }, "name"],
      [{ fullName: "x".repeat(256) }, "fullName"],
      [{ fullName: "tab\there" }, "fullName"],
      [{ information: "x".repeat(4001) }, "information"],
      [{ information: "bell\u0007" }, "information"],
      [{ imageId: "not an id!" }, "imageId"],
    ];
    for (const [body, field] of cases) {
      const response = await patchProfile(user, body);
      expect({ body, status: response.status, field: response.body.field }).toEqual({ body, status: 400, field });
    }
    const after = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
    expect(((await after.json()) as { name: string }).name).toBe("Valid Name");
  });

  test("limits count code points, not UTF-16 units", async () => {
    const user = await createTestUser(t);
    const name = "🦊".repeat(255);
    const { status, body } = await patchProfile(user, { name, fullName: "é".repeat(255), information: "🦊".repeat(4000) });
    expect(status).toBe(200);
    expect(body.name).toBe(name);
  });

  test("own image becomes the picture with a real owner", async () => {
    const user = await createTestUser(t, { name: "Carol" });
    const imageId = await insertImage(user, "3OcRJYB4d3h/iIeHeEh3eIhw+j2w");
    const { status, body } = await patchProfile(user, { imageId });
    expect(status).toBe(200);
    expect(body.image).toEqual({
      id: imageId,
      name: "me.jpg",
      mime: "image/jpeg",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      owner: { id: user.id, name: "Carol" },
      hash: `HASH${imageId.toUpperCase()}`,
      thumbhash: "3OcRJYB4d3h/iIeHeEh3eIhw+j2w",
    });
  });

  test("image without thumbhash omits the key", async () => {
    const user = await createTestUser(t);
    const { body } = await patchProfile(user, { imageId: await insertImage(user) });
    expect(Object.keys(body.image)).toEqual(["id", "name", "mime", "createdAt", "owner", "hash"]);
  });

  test("imageId null removes the picture, absent keeps it", async () => {
    const user = await createTestUser(t);
    const imageId = await insertImage(user);
    await patchProfile(user, { imageId });
    expect((await patchProfile(user, { fullName: "Kept" })).body.image?.id).toBe(imageId);
    expect((await patchProfile(user, { imageId: null })).body.image).toBeNull();
  });

  test("unknown image is 404", async () => {
    const user = await createTestUser(t);
    const { status, body } = await patchProfile(user, { imageId: newId() });
    expect(status).toBe(404);
    expect(body.message).toBe("Image not found");
  });

  test("a stranger's image is 404 like an unknown one", async () => {
    const user = await createTestUser(t);
    const stranger = await createTestUser(t);
    const { status, body } = await patchProfile(user, { imageId: await insertImage(stranger) });
    expect(status).toBe(404);
    expect(body.message).toBe("Image not found");
  });

  test("a friend's profile picture is 403 and changes nothing", async () => {
    const user = await createTestUser(t);
    const other = await createTestUser(t);
    await makeFriends(t, user, other);
    const picture = await insertImage(other);
    await t.db.query(sql`insert into profiles (id, full_name, information, image_id, user_id) values (${newId()}, '', '', ${picture}, ${other.id})`);
    const { status, body } = await patchProfile(user, { fullName: "Should not stick", imageId: picture });
    expect(status).toBe(403);
    expect(body.message).toBe("Entity does not belong to user");
    const after = (await (await t.request("GET", "/api/user/profile", { cookie: user.cookie })).json()) as Record<string, unknown>;
    expect(after.fullName).toBeNull();
  });
});
