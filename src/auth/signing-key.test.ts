import { describe, expect, test } from "bun:test";
import { generateSigningKeyText, genkeyLabel, parseSigningKey } from "./signing-key.ts";

describe("auth.privateKey", () => {
  test("genkey key is accepted", () => {
    expect(() => parseSigningKey(generateSigningKeyText())).not.toThrow();
  });

  test("genkey line with label is rejected", () => {
    expect(() => parseSigningKey(`${genkeyLabel} ${generateSigningKeyText()}`)).toThrow(
      'auth.privateKey: write only the key that follows "Generated Private Key: " in the output of `stashsphere genkey`, not the label',
    );
  });

  test("wrong key length is named", () => {
    expect(() => parseSigningKey("c2hvcnQ")).toThrow("got 5 bytes");
  });
});
