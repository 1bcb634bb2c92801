import { describe, expect, test } from "bun:test";
import { AppError } from "../http/errors.ts";
import { assertPasswordAllowed, findPasswordProblem } from "./password-policy.ts";

const context = { minLength: 8, email: "Alice.Example@example.test", name: "Alice Wonder" };

describe("password policy", () => {
  test("accepts a long passphrase without digits or symbols", () => {
    expect(findPasswordProblem("correct horse battery staple", context)).toBeUndefined();
  });

  test("counts length in code points", () => {
    // Seven emoji are 28 bytes of UTF-8 and 14 UTF-16 code units, but 7 characters.
    expect(findPasswordProblem("🐴🔋📎🐎🔋📎🐴", context)).toBe("must be at least 8 characters long");
    expect(findPasswordProblem("🐴🔋📎🐎🔋📎🐴🐎", context)).toBeUndefined();
  });

  test("uses the configured minimum", () => {
    expect(findPasswordProblem("kettle-lamp-42", { ...context, minLength: 16 })).toBe("must be at least 16 characters long");
    expect(findPasswordProblem("kettle-lamp-42", context)).toBeUndefined();
  });

  test("accepts 1024 bytes and rejects 1025", () => {
    expect(findPasswordProblem(`${"ab".repeat(511)}xy`, context)).toBeUndefined();
    expect(findPasswordProblem(`${"ab".repeat(512)}x`, context)).toBe("must be at most 1024 bytes long");
    expect(findPasswordProblem("é".repeat(513), context)).toBe("must be at most 1024 bytes long");
  });

  test("rejects common passwords in any case", () => {
    for (const password of ["password1", "Password1", "QWERTYUIOP", "1q2w3e4r5t", "iloveyou", "Summer2024!", " 12345678 "]) {
      expect(findPasswordProblem(password, context)).toBe("is one of the most common passwords; choose a longer or less predictable one");
    }
  });

  test("rejects a repeated character", () => {
    expect(findPasswordProblem("zzzzzzzzzzzzzzzzz", context)).toBe("must not repeat a single character");
  });

  test("rejects the software's name", () => {
    expect(findPasswordProblem("StashSphere", context)).toBe("must not be the name of this software");
  });

  test("rejects the account's e-mail, its local part and name", () => {
    for (const password of ["alice.example@EXAMPLE.test", "Alice.Example", "alice wonder"]) {
      expect(findPasswordProblem(password, context)).toBe("must not be your e-mail address or name");
    }
  });

  test("violation is a 400 naming the field", () => {
    let thrown: unknown;
    try {
      assertPasswordAllowed("short", "newPassword", context);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).message).toBe("newPassword: must be at least 8 characters long");
    expect((thrown as AppError).details.field).toBe("newPassword");
  });
});
