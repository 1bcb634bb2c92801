import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";

/** A picture as embedded in a profile; the images feature shapes its listings the same way. */
export interface ReducedImage {
  id: string;
  name: string;
  mime: string;
  createdAt: Date;
  owner: { id: string; name: string };
  hash: string;
  /** Present only once a placeholder has been computed for the image. */
  thumbhash?: string;
}

/** The caller's own account, as `GET /api/user/profile` and the account endpoints return it. */
export interface Profile {
  id: string;
  name: string;
  /** Null until the profile is saved for the first time. */
  fullName: string | null;
  information: string | null;
  email: string;
  image: ReducedImage | null;
  purgeAt: Date | null;
  /** False for accounts that sign in only through OpenID Connect. */
  hasPassword: boolean;
  /** Only on `GET /api/user/profile`. */
  emailVerified?: boolean;
}

interface ProfileRow {
  id: string;
  name: string;
  email: string;
  purge_at: Date | null;
  has_password: boolean;
  full_name: string | null;
  information: string | null;
  image_id: string | null;
  image_name: string;
  image_mime: string;
  image_created_at: Date;
  image_hash: string;
  image_thumbhash: string | null;
  image_owner_id: string;
  image_owner_name: string;
  email_verified: boolean;
}

function imageOf(row: ProfileRow): ReducedImage | null {
  if (row.image_id === null) return null;
  const image: ReducedImage = {
    id: row.image_id,
    name: row.image_name,
    mime: row.image_mime,
    createdAt: row.image_created_at,
    owner: { id: row.image_owner_id, name: row.image_owner_name },
    hash: row.image_hash,
  };
  if (row.image_thumbhash !== null) image.thumbhash = row.image_thumbhash;
  return image;
}

/**
 * Load a user's own profile, or undefined when the account does not exist (or, given
 * `sessionEpoch`, when that is no longer the user's session epoch). `emailVerified` is added on
 * request; it is true only when the user's *current* address has been verified, not an address
 * they had before.
 */
export async function loadProfile(
  db: Queryable,
  userId: string,
  options: { withEmailVerified?: boolean; sessionEpoch?: number } = {},
): Promise<Profile | undefined> {
  const sessionIsCurrent = options.sessionEpoch === undefined ? sql.empty : sql`and u.session_epoch = ${options.sessionEpoch}`;
  const row = await queryOne<ProfileRow>(db, sql`
    select u.id, u.name, u.email, u.purge_at, u.password_hash is not null as has_password, p.full_name, p.information,
      i.id as image_id, i.name as image_name, i.mime as image_mime, i.created_at as image_created_at,
      i.hash as image_hash, i.thumbhash as image_thumbhash, owner.id as image_owner_id, owner.name as image_owner_name,
      exists (
        select 1 from email_verifications ev
        where ev.user_id = u.id and ev.email = u.email and ev.verified_at is not null
      ) as email_verified
    from users u
    left join profiles p on p.user_id = u.id
    left join images i on i.id = p.image_id
    left join users owner on owner.id = i.owner_id
    where u.id = ${userId} ${sessionIsCurrent}`);
  if (!row) return undefined;

  const profile: Profile = {
    id: row.id,
    name: row.name,
    fullName: row.full_name,
    information: row.information,
    email: row.email,
    image: imageOf(row),
    purgeAt: row.purge_at,
    hasPassword: row.has_password,
  };
  if (options.withEmailVerified) profile.emailVerified = row.email_verified;
  return profile;
}
