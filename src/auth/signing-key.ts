import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * The Ed25519 key that signs session tokens. `auth.privateKey` uses the original's format: the
 * 64-byte Go private key (32-byte seed followed by the 32-byte public key) in standard base64
 * without padding, so keys of existing deployments keep working and live sessions survive the
 * switch. A bare 32-byte seed, as other tools export it, is accepted too.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export class SigningKeyError extends Error {}

// DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows it (RFC 8410).
const pkcs8Ed25519Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

function keyFromSeed(seed: Buffer): SigningKey {
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Ed25519Prefix, seed]),
    format: "der",
    type: "pkcs8",
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  return Buffer.from(jwk.x as string, "base64url");
}

/** The words before the key in the output of `genkey`, as the original printed them. */
export const genkeyLabel = "Generated Private Key:";

/** Decode `auth.privateKey`; throws SigningKeyError with a message fit for the operator. */
export function parseSigningKey(encoded: string): SigningKey {
  const text = encoded.trim();
  if (text.startsWith(genkeyLabel)) {
    throw new SigningKeyError(`auth.privateKey: write only the key that follows "${genkeyLabel} " in the output of \`stashsphere genkey\`, not the label`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new SigningKeyError("auth.privateKey: expected standard base64 (as printed by `stashsphere genkey`)");
  }
  const bytes = Buffer.from(text, "base64");
  if (bytes.length === 32) return keyFromSeed(bytes);
  if (bytes.length !== 64) {
    throw new SigningKeyError(
      `auth.privateKey: expected a 64-byte Ed25519 private key (or a 32-byte seed), got ${bytes.length} bytes; run \`stashsphere genkey\` for a new one`,
    );
  }
  const key = keyFromSeed(bytes.subarray(0, 32));
  if (!rawPublicKey(key.publicKey).equals(bytes.subarray(32))) {
    throw new SigningKeyError("auth.privateKey: the public half does not match the seed; the key is corrupt");
  }
  return key;
}

/** Make a new key in the configuration format: base64 without padding of seed ‖ public key. */
export function generateSigningKeyText(): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d as string, "base64url");
  return Buffer.concat([seed, rawPublicKey(publicKey)]).toString("base64").replace(/=+$/, "");
}
