import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compare two secrets in time that does not depend on where they differ. Hashing first gives
 * both sides the same length, so the comparison does not reveal the expected length either.
 */
export function sameSecret(received: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(received), digest(expected));
}
