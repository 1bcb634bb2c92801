import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser } from "../testing/users.ts";
import { generatePassword, resetPasswordAsAdministrator } from "./administrator-password-reset.ts";
import { verifyPassword } from "./password-hashing.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function storedAccount(userId: string) {
  return queryOne<{ password_hash: string; session_epoch: number }>(t.db, sql`select password_hash, session_epoch from users where id = ${userId}`);
}

describe("resetPasswordAsAdministrator", () => {
  test("sets the password and ends every session", async () => {
    const user = await createTestUser(t);

    const result = await resetPasswordAsAdministrator(t.db, user.email.toUpperCase(), "an operator's choice", { minPasswordLength: 8, force: false });
    const stored = await storedAccount(user.id);

    expect(result).toEqual({ outcome: "reset", user: { id: user.id, name: user.name, email: user.email } });
    expect((await verifyPassword("an operator's choice", stored!.password_hash)).valid).toBe(true);
    expect(stored?.session_epoch).toBe(1);
  });

  test("applies the policy unless forced", async () => {
    const user = await createTestUser(t);

    const rejected = await resetPasswordAsAdministrator(t.db, user.email, "abc", { minPasswordLength: 8, force: false });
    const forced = await resetPasswordAsAdministrator(t.db, user.email, "abc", { minPasswordLength: 8, force: true });

    expect(rejected).toEqual({ outcome: "rejected", problem: "must be at least 8 characters long" });
    expect(forced.outcome).toBe("reset");
    expect((await verifyPassword("abc", (await storedAccount(user.id))!.password_hash)).valid).toBe(true);
  });

  test("reports an unknown e-mail address", async () => {
    const result = await resetPasswordAsAdministrator(t.db, `nobody-${crypto.randomUUID()}@example.test`, "whatever it is", { minPasswordLength: 8, force: false });

    expect(result).toEqual({ outcome: "not-found" });
  });

  test("gives an account without a password one", async () => {
    const user = await createTestUser(t);
    await t.db.query(sql`update users set password_hash = null where id = ${user.id}`);

    const result = await resetPasswordAsAdministrator(t.db, user.email, "a fresh start here", { minPasswordLength: 8, force: false });

    expect(result.outcome).toBe("reset");
  });
});

describe("generatePassword", () => {
  test("makes 24 characters of the alphabet", () => {
    const password = generatePassword();

    expect(password).toMatch(/^[a-zA-Z0-9!@#$%^&*]{24}$/);
  });

  test("uses every symbol and repeats no password", () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());

    expect(new Set(passwords).size).toBe(200);
    expect(new Set(passwords.join("")).size).toBe(70);
  });
});
