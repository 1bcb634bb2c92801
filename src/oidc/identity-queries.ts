import { queryOne, type Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";

/** An account as login needs it. */
export interface AccountRow {
  id: string;
  name: string;
  email: string;
  session_epoch: number;
  password_hash: string | null;
}

const accountColumns = sql`users.id, users.name, users.email, users.session_epoch, users.password_hash`;

export interface IdentityKey {
  provider: string;
  subject: string;
}

export function findAccountByIdentity(db: Queryable, identity: IdentityKey): Promise<AccountRow | undefined> {
  return queryOne<AccountRow>(
    db,
    sql`select ${accountColumns} from oidc_identities join users on users.id = oidc_identities.user_id
        where oidc_identities.provider = ${identity.provider} and oidc_identities.subject = ${identity.subject}`,
  );
}

export function findAccountByEmail(db: Queryable, email: string): Promise<AccountRow | undefined> {
  return queryOne<AccountRow>(db, sql`select ${accountColumns} from users where lower(email) = lower(${email})`);
}

export function findAccountById(db: Queryable, userId: string): Promise<AccountRow | undefined> {
  return queryOne<AccountRow>(db, sql`select ${accountColumns} from users where id = ${userId}`);
}

/** Keep the address the provider reported at the latest login, for operators looking at the table. */
export async function recordIdentityEmail(db: Queryable, identity: IdentityKey, email: string | undefined): Promise<void> {
  if (email === undefined) return;
  await db.query(sql`update oidc_identities set email = ${email} where provider = ${identity.provider} and subject = ${identity.subject} and email is distinct from ${email}`);
}

/** The provider vouched for the address, so it counts as verified, as a code sent by e-mail would. */
export async function markEmailVerified(db: Queryable, userId: string, email: string, now: Date): Promise<void> {
  await db.query(sql`
    insert into email_verifications (user_id, email, verified_at) values (${userId}, ${email}, ${now})
    on conflict (user_id, email) do update set verified_at = coalesce(email_verifications.verified_at, excluded.verified_at)`);
}

/** Insert an account without a password, and its identity. Run inside a transaction. */
export async function createAccountWithIdentity(
  tx: Queryable,
  account: { name: string; email: string; identity: IdentityKey; now: Date },
): Promise<AccountRow> {
  const id = newId();
  const [row] = await tx.query<AccountRow>(
    sql`insert into users (id, name, email, password_hash) values (${id}, ${account.name}, ${account.email}, null)
        returning id, name, email, session_epoch, password_hash`,
  );
  await tx.query(sql`insert into oidc_identities (provider, subject, user_id, email) values (${account.identity.provider}, ${account.identity.subject}, ${id}, ${account.email})`);
  await markEmailVerified(tx, id, account.email, account.now);
  return row as AccountRow;
}

export type LinkOutcome = "linked" | "already-linked" | "linked-to-another-account";

/** Attach an identity to an account; an identity belongs to at most one account. */
export async function linkIdentity(tx: Queryable, userId: string, identity: IdentityKey, email: string): Promise<LinkOutcome> {
  const inserted = await tx.query(
    sql`insert into oidc_identities (provider, subject, user_id, email) values (${identity.provider}, ${identity.subject}, ${userId}, ${email})
        on conflict (provider, subject) do nothing returning user_id`,
  );
  if (inserted.length > 0) return "linked";
  const owner = await queryOne<{ user_id: string }>(
    tx,
    sql`select user_id from oidc_identities where provider = ${identity.provider} and subject = ${identity.subject}`,
  );
  return owner?.user_id === userId ? "already-linked" : "linked-to-another-account";
}
