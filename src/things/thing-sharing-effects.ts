import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { thingSharedMail } from "../mail/templates/index.ts";
import { notify } from "../notifications/notify.ts";
import { sharingStateAudience, thingAudience } from "./thing-audience.ts";
import type { SharingState } from "./thing-json.ts";

const breadth: Record<SharingState, number> = { "private": 0, "friends": 1, "friends-of-friends": 2 };

/** Whether moving from `before` to `after` lets more people see the thing. */
export const widens = (before: SharingState, after: SharingState) => breadth[after] > breadth[before];

/** Whether moving from `before` to `after` may hide the thing from someone. */
export const narrows = (before: SharingState, after: SharingState) => breadth[after] < breadth[before];

/** The thing whose audience grows, with the names the e-mail shows. */
export interface SharedThing {
  id: string;
  name: string;
  owner: { id: string; name: string };
}

/**
 * Send THING_SHARED, and an e-mail after commit, to everyone the thing's new sharing state `after` reaches who cannot see
 * it yet. Call it before the new state is written: "cannot see it yet" is the thing's current
 * audience, which also covers direct shares and shared lists. A new thing has no audience
 * but its owner. The owner is never notified and nobody twice (`notify` deduplicates).
 */
export async function notifyNewViewers(
  tx: Queryable,
  site: MailSite,
  thing: SharedThing,
  after: SharingState,
): Promise<void> {
  await notify(tx, {
    recipients: sql`
      select reached.id from (${sharingStateAudience(sql`${thing.owner.id}::text`, sql`${after}::text`)}) as reached
      except
      select current.id from (${thingAudience(thing.id)}) as current`,
    actorId: thing.owner.id,
    payload: { contentType: "THING_SHARED", content: { thingId: thing.id, sharerId: thing.owner.id } },
    mail: (recipient) => thingSharedMail(site, { recipientName: recipient.name, sharerName: thing.owner.name, thingId: thing.id, thingName: thing.name }),
  });
}

/**
 * Remove the thing from the carts of users who can no longer see it, in one statement. Cart
 * reads filter by visibility as well; this keeps the table from holding dead entries.
 */
export async function removeFromCartsOfNonViewers(tx: Queryable, thingId: string): Promise<void> {
  await tx.query(sql`
    delete from cart_entries c
    where c.thing_id = ${thingId} and c.user_id not in (${thingAudience(thingId)})`);
}
