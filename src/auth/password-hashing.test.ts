import { describe, expect, test } from "bun:test";
import { argon2Parameters, hashPassword, verifyDummyPassword, verifyPassword } from "./password-hashing.ts";

// Hashes made by an independent bcrypt implementation (libxcrypt's crypt(3), called from
// Perl), in the `$2a$` format Go's golang.org/x/crypto/bcrypt writes. Cost 4 keeps tests fast.
const longAsciiPassword =
  "correct horse battery staple correct horse battery staple correct horse battery staple correct horse";
const longAsciiHash = "$2a$04$Ktm5rdjyEyLFV3ZnJvRgaOk4vqLNitV9ikaCICkGXZ8uOyNR4PGjK";
// 71 ASCII bytes, then "é" (2 bytes in UTF-8): byte 72 is the first half of that letter.
const splitCharacterPassword = `${"a".repeat(71)}é and more`;
const splitCharacterHash = "$2a$04$X8QfU.KzO2dW8M1yXtLhOeo5J.v1L5JTuPwdPDloJfOZbQvqupNki";
const eightBitPassword = "pässwörd €";
const eightBitHashes = [
  "$2a$04$abcdefghijklmnopqrstuuKnHl.x1yQ06jW2xtQY6ynPSc7M2jr9G",
  "$2b$04$abcdefghijklmnopqrstuuKnHl.x1yQ06jW2xtQY6ynPSc7M2jr9G",
  "$2y$04$abcdefghijklmnopqrstuuKnHl.x1yQ06jW2xtQY6ynPSc7M2jr9G",
];

describe("argon2id hashes", () => {
  test("verify the password they were made from", async () => {
    const hash = await hashPassword("a long passphrase");

    expect(hash).toStartWith(`$argon2id$v=19$m=${argon2Parameters.memoryCost},t=${argon2Parameters.timeCost},p=1$`);
    expect(await verifyPassword("a long passphrase", hash)).toEqual({ valid: true, needsRehash: false });
    expect(await verifyPassword("a long passphrasE", hash)).toEqual({ valid: false, needsRehash: false });
  });

  test("count every byte of a password over 72 bytes", async () => {
    const password = "x".repeat(200);
    const hash = await hashPassword(password);

    expect((await verifyPassword(password, hash)).valid).toBe(true);
    expect((await verifyPassword(`${"x".repeat(199)}y`, hash)).valid).toBe(false);
    expect((await verifyPassword("x".repeat(72), hash)).valid).toBe(false);
  });

  test("with weaker parameters need a rehash", async () => {
    const weak = await Bun.password.hash("pw", { algorithm: "argon2id", memoryCost: 4096, timeCost: 1 });

    expect(await verifyPassword("pw", weak)).toEqual({ valid: true, needsRehash: true });
  });
});

describe("bcrypt hashes of the original", () => {
  test("verify a password over 72 bytes by its first 72", async () => {
    expect(await verifyPassword(longAsciiPassword, longAsciiHash)).toEqual({ valid: true, needsRehash: true });
    expect((await verifyPassword(longAsciiPassword.slice(0, 72), longAsciiHash)).valid).toBe(true);
    expect((await verifyPassword(`${longAsciiPassword.slice(0, 72)} anything after`, longAsciiHash)).valid).toBe(true);
    expect((await verifyPassword(longAsciiPassword.slice(0, 71), longAsciiHash)).valid).toBe(false);
  });

  test("cut at 72 bytes even inside a character", async () => {
    expect((await verifyPassword(splitCharacterPassword, splitCharacterHash)).valid).toBe(true);
    // "è" (C3 A8) shares its first byte with "é" (C3 A9), so bcrypt cannot tell them apart.
    expect((await verifyPassword(`${"a".repeat(71)}è`, splitCharacterHash)).valid).toBe(true);
    expect((await verifyPassword(`${"a".repeat(71)}ž`, splitCharacterHash)).valid).toBe(false);
  });

  test("verify in all three prefixes", async () => {
    for (const hash of eightBitHashes) {
      expect(await verifyPassword(eightBitPassword, hash)).toEqual({ valid: true, needsRehash: true });
      expect((await verifyPassword("passwörd €", hash)).valid).toBe(false);
    }
  });
});

describe("other hashes", () => {
  test("of an unknown format never match", async () => {
    expect(await verifyPassword("secret", "secret")).toEqual({ valid: false, needsRehash: false });
    expect(await verifyPassword("secret", "$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA")).toEqual({ valid: false, needsRehash: false });
  });

  test("dummy verification always fails", async () => {
    expect(await verifyDummyPassword("anything")).toBe(false);
  });
});
