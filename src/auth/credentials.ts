import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { SessionUser } from "./tokens.ts";

/** The account fields that login and password changes read. */
export interface Credentials extends SessionUser {
  /** Null for accounts made through an OpenID Connect provider, which have no local password. */
  passwordHash: string | null;
}

const credentialColumns = sql`id, name, email, password_hash as "passwordHash", session_epoch as "sessionEpoch"`;

/** Find an account by e-mail address regardless of case and surrounding spaces. */
export function findCredentialsByEmail(db: Queryable, email: string): Promise<Credentials | undefined> {
  return queryOne<Credentials>(db, sql`select ${credentialColumns} from users where lower(email) = lower(${email.trim()})`);
}

export function findCredentialsById(db: Queryable, userId: string): Promise<Credentials | undefined> {
  return queryOne<Credentials>(db, sql`select ${credentialColumns} from users where id = ${userId}`);
}

/**
 * Store a new password hash and end every session of the user by moving the session epoch.
 * With `expectedHash`, nothing changes unless the stored hash is still that one, so two
 * concurrent changes cannot both pass the old-password check. Returns the account as it is
 * now, so the caller can sign a new session for this device, or undefined when nothing changed.
 */
export async function replacePassword(tx: Queryable, userId: string, passwordHash: string, expectedHash?: string): Promise<Credentials | undefined> {
  const condition = expectedHash === undefined ? sql`` : sql`and password_hash = ${expectedHash}`;
  return queryOne<Credentials>(
    tx,
    sql`update users set password_hash = ${passwordHash}, session_epoch = session_epoch + 1
        where id = ${userId} ${condition}
        returning ${credentialColumns}`,
  );
}

/**
 * Replace a hash that verified but is bcrypt or weaker argon2id. The condition on the old
 * hash keeps a password change that happened meanwhile from being overwritten. Sessions stay.
 */
export async function upgradePasswordHash(db: Queryable, userId: string, oldHash: string, newHash: string): Promise<void> {
  await db.query(sql`update users set password_hash = ${newHash} where id = ${userId} and password_hash = ${oldHash}`);
}
