import { queryOne, type Database, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { ImageDeps } from "../images/image-services.ts";
import { removeUnusedImageFiles } from "../images/remove-unused-image-files.ts";

/** The image store and resize cache come from `config.image`, or `imageStore` when given. */
export type PurgeDeps = ImageDeps & { db: Database };

/** Counts of what a purge removed, for the log and the `delete-user` command. */
export interface PurgeSummary {
  userId: string;
  name: string;
  email: string;
  things: number;
  lists: number;
  images: number;
  /** Unused image files now gone from the store, counting one that was already missing. Files that other users' images use are kept. */
  filesRemoved: number;
}

export interface PurgeOptions {
  /** Purge only if the user's `purge_at` is at or before this time (the worker); absent: purge now. */
  dueBy?: Date;
  /**
   * Check run first in the purge transaction. When it returns false the purge is skipped and
   * undefined returned. The worker takes its advisory lock here.
   */
  guard?: (tx: Queryable) => Promise<boolean>;
}

/**
 * Delete the user and everything that belongs to them, in one transaction, then the image
 * files that no other image row uses. Returns undefined when there is no such user, or it is
 * not due, or the guard declined.
 *
 * The schema cascades from `users` to every row that hangs off a user: things with their
 * properties, quantities, images and list memberships, lists, shares made and received,
 * friend requests and friendships, notifications to the user, cart entries, e-mail
 * verification rows, the profile, OpenID Connect identities and password reset tokens.
 * Mail to the user goes too, sent or not, so no copy of their address stays behind.
 * Notifications to *other* users whose content points at the purged user or their objects are
 * deleted explicitly, since their JSON ids would dangle.
 */
export async function purgeUser(deps: PurgeDeps, userId: string, options: PurgeOptions = {}): Promise<PurgeSummary | undefined> {
  const purged = await deps.db.transaction(async (tx) => {
    if (options.guard && !(await options.guard(tx))) return undefined;

    // Locking the row makes a concurrent cancellation wait, and the purge re-reads purge_at
    // after any cancellation that committed first.
    const user = await queryOne<{ name: string; email: string }>(tx, sql`
      select name, email from users
      where id = ${userId} ${options.dueBy ? sql`and purge_at <= ${options.dueBy}::timestamptz` : sql.empty}
      for update`);
    if (!user) return undefined;

    const counts = await queryOne<{ things: number; lists: number; images: number }>(tx, sql`
      select
        (select count(*)::int from things where owner_id = ${userId}) as things,
        (select count(*)::int from lists where owner_id = ${userId}) as lists,
        (select count(*)::int from images where owner_id = ${userId}) as images`);
    const hashes = await tx.query<{ hash: string }>(sql`select distinct hash from images where owner_id = ${userId}`);

    await tx.query(sql`
      delete from notifications n
      where n.recipient_id <> ${userId} and (
        n.content->>'senderId' = ${userId}
        or n.content->>'sharerId' = ${userId}
        or n.content->>'addedById' = ${userId}
        or n.content->>'thingId' in (select id from things where owner_id = ${userId})
        or n.content->>'listId' in (select id from lists where owner_id = ${userId})
        or n.content->>'requestId' in (select id from friend_requests where sender_id = ${userId} or receiver_id = ${userId})
      )`);
    await tx.query(sql`delete from mail_outbox where recipient_user_id = ${userId}`);
    await tx.query(sql`delete from users where id = ${userId}`);

    return { user, counts: counts ?? { things: 0, lists: 0, images: 0 }, hashes: hashes.map((row) => row.hash) };
  });
  if (!purged) return undefined;

  // The user is gone for good at this point, so a failure here is logged rather than thrown:
  // a retry would find nothing to purge.
  let filesRemoved = 0;
  try {
    filesRemoved = (await removeUnusedImageFiles(deps, purged.hashes)).length;
  } catch (error) {
    deps.log.error("purged user, but looking up their unused image files failed; the files stay in the store", { userId, error });
  }
  return { userId, name: purged.user.name, email: purged.user.email, ...purged.counts, filesRemoved };
}
