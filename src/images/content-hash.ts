const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 with the standard alphabet, upper case, without `=` padding. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += base32Alphabet[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The name of a stored image: base32 of the SHA-256 of its bytes, 52 characters. The original
 * server named its files the same way, so an existing image directory is used as it is.
 */
export function contentHash(bytes: Uint8Array): string {
  return base32(new Bun.CryptoHasher("sha256").update(bytes).digest());
}

/** True for strings shaped like `contentHash` output; anything else never reaches the file system. */
export function isContentHash(value: string): boolean {
  return /^[A-Z2-7]{52}$/.test(value);
}
