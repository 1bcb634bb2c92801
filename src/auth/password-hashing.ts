/**
 * Password hashes. New hashes are argon2id. bcrypt hashes (`$2a$`, `$2b$`, `$2y$`) from a
 * database of the original still verify, and the caller rehashes them after a successful login.
 *
 * Parameters: 19 MiB of memory, 2 passes, 1 lane, which is the minimum the OWASP Password
 * Storage Cheat Sheet recommends for argon2id. One hash took a median of 41 ms on a 2-core
 * AMD EPYC VM under Bun 1.4.5, so a login stays well under a tenth of a second while every
 * offline guess needs 19 MiB of memory.
 */
export const argon2Parameters = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

const bcryptPrefix = /^\$2[aby]\$\d\d\$/;
const bcryptKeyBytes = 72;
const encoder = new TextEncoder();

export interface PasswordCheck {
  valid: boolean;
  /** The hash is bcrypt or weaker argon2id than `argon2Parameters`: store a new one. */
  needsRehash: boolean;
}

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, argon2Parameters);
}

/** Compare a password with a stored hash of either kind; an unknown hash format never matches. */
export async function verifyPassword(password: string, hash: string): Promise<PasswordCheck> {
  if (bcryptPrefix.test(hash)) {
    // bcrypt uses only the first 72 bytes of a password. Bun 1.4.5 pre-hashes longer inputs
    // with SHA-512, which never matches a hash made by Go's bcrypt, so the input is cut to
    // 72 bytes here before Bun gets it.
    const key = encoder.encode(password).subarray(0, bcryptKeyBytes);
    return { valid: await Bun.password.verify(key, hash, "bcrypt"), needsRehash: true };
  }
  if (hash.startsWith("$argon2id$")) {
    return { valid: await Bun.password.verify(password, hash, "argon2id"), needsRehash: isWeakerArgon2(hash) };
  }
  return { valid: false, needsRehash: false };
}

function isWeakerArgon2(hash: string): boolean {
  const match = /\$m=(\d+),t=(\d+),p=\d+\$/.exec(hash);
  if (!match) return true;
  return Number(match[1]) < argon2Parameters.memoryCost || Number(match[2]) < argon2Parameters.timeCost;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spend the time of one argon2id verification and return false. Login calls this when the
 * e-mail address belongs to no account, so that a login with an unknown address takes about as
 * long as one with a wrong password.
 *
 * NOTE: an account that still has a bcrypt hash (cost 12 in the original) takes about 230 ms
 * to check against about 40 ms here, so until its owner logs in once, its existence can be
 * told from the timing of a failed login.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await Bun.password.verify(password, await dummyHash, "argon2id");
  return false;
}
