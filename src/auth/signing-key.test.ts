import { describe, expect, test } from "bun:test";
import { generateSigningKeyText, genkeyLabel, parseSigningKey } from "./signing-key.ts";

describe("auth.privateKey", () => {
  test("the key genkey prints is accepted", () => {
    expect(() => parseSigningKey(generateSigningKeyText())).not.toThrow();
  });

  test("the whole genkey line, label included, is rejected with a hint to drop the label", () => {
    expect(() => parseSigningKey(`${genkeyLabel} ${generateSigningKeyText()}`)).toThrow(
      'auth.privateKey: write only the key that follows "Generated Private Key: " in the output of `stashsphere genkey`, not the label',
    );
  });

  test("a key of the wrong length names the length", () => {
    expect(() => parseSigningKey("c2hvcnQ")).toThrow("got 5 bytes");
  });
});
