const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/**
 * A new 21-character id over the URL-safe alphabet, the format of every id the original
 * generated (nanoid), so adopted and new rows look alike. 64 symbols map exactly onto 6 bits,
 * so masking a random byte keeps the distribution uniform.
 */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(21));
  let id = "";
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}
