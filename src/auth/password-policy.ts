import { invalidInput } from "../http/errors.ts";
import commonPasswordsText from "./common-passwords.txt" with { type: "text" };

/**
 * The rule for every new password (registration, change, reset, and the CLI unless forced):
 * length over composition. A password needs at least `auth.minPasswordLength` characters
 * (Unicode code points, default 8) and at most 1024 bytes of UTF-8. It must not be one of the
 * most common passwords, the account's e-mail address, its local part or name, the name of
 * this software, or one character repeated; these comparisons ignore case and surrounding
 * spaces. There are no rules about digits or symbols, because they make passwords harder to
 * remember, not to guess.
 */
export const maxPasswordBytes = 1024;

// About 570 passwords of 8 or more characters that lead published lists of leaked passwords
// (keyboard walks, digit runs, "password1", seasons with years). Shorter ones are already
// rejected by the minimum length.
const commonPasswords = new Set(
  commonPasswordsText
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== ""),
);

export interface PasswordContext {
  minLength: number;
  email?: string;
  name?: string;
}

/** Find the reason a new password is rejected; undefined when it is acceptable. */
export function findPasswordProblem(password: string, context: PasswordContext): string | undefined {
  const length = [...password].length;
  if (length < context.minLength) return `must be at least ${context.minLength} characters long`;
  if (new TextEncoder().encode(password).length > maxPasswordBytes) return `must be at most ${maxPasswordBytes} bytes long`;

  const folded = password.trim().toLowerCase();
  if (commonPasswords.has(folded)) return "is one of the most common passwords; choose a longer or less predictable one";
  if (/^(.)\1*$/su.test(folded)) return "must not repeat a single character";
  if (folded === "stashsphere") return "must not be the name of this software";

  const email = context.email?.trim().toLowerCase();
  const personal = [email, email?.split("@")[0], context.name?.trim().toLowerCase()];
  if (personal.some((value) => value && value === folded)) return "must not be your e-mail address or name";
  return undefined;
}

/** Throw a 400 naming `field` when the password breaks the rule. */
export function assertPasswordAllowed(password: string, field: string, context: PasswordContext): void {
  const problem = findPasswordProblem(password, context);
  if (problem) throw invalidInput(`${field}: ${problem}`, field);
}

