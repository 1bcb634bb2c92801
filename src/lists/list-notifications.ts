import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { listSharedMail, thingsAddedToListMail } from "../mail/templates/index.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { notify } from "../notifications/notify.ts";
import { listAudience } from "./list-audience.ts";
import { sharingStateReach, type SharingState } from "./list-input.ts";

/** Who changed a list, for the e-mails: its owner, the only one who may change it. */
export interface ListActor {
  id: string;
  name: string;
}

interface ListChange {
  list: { id: string; ownerId: string; name: string };
  /** The state before the change; null for a list created by this change. */
  stateBefore: SharingState | null;
  stateAfter: SharingState;
  /** Things that were not in the list before the change. */
  addedThingIds: readonly string[];
}

/**
 * Notify, in the caller's transaction, who a change of a list's sharing state or
 * membership concerns.
 *
 * LIST_SHARED goes to the users the change lets see the list for the first time: the new
 * state's audience except the old one's, so widening `friends` to `friends-of-friends` does
 * not tell friends again. THINGS_ADDED_TO_LIST goes to the users who could see the list
 * before and still can; users who only now see it get LIST_SHARED instead, so nobody hears
 * about one change twice. The owner, who made the change, hears about neither. Each
 * notification queues an e-mail, sent after commit.
 */
export async function notifyListChange(tx: Queryable, change: ListChange, site: MailSite, owner: ListActor): Promise<void> {
  const { list, stateBefore, stateAfter } = change;
  const widened = stateBefore === null || sharingStateReach[stateAfter] > sharingStateReach[stateBefore];

  if (widened) {
    const reachedBefore = stateBefore === null ? sql`select null::text where false` : listAudience(list, stateBefore);
    await notify(tx, {
      recipients: sql`(${listAudience(list, stateAfter)}) except (${reachedBefore})`,
      actorId: list.ownerId,
      payload: { contentType: "LIST_SHARED", content: { listId: list.id, sharerId: list.ownerId } },
      mail: (recipient) => listSharedMail(site, { recipientName: recipient.name, sharerName: owner.name, listId: list.id, listName: list.name }),
    });
  }

  if (change.addedThingIds.length > 0 && stateBefore !== null) {
    await notify(tx, {
      recipients: sql`(${listAudience(list, stateBefore)}) intersect (${listAudience(list, stateAfter)})`,
      actorId: list.ownerId,
      payload: { contentType: "THINGS_ADDED_TO_LIST", content: { listId: list.id, addedById: list.ownerId } },
      mail: (recipient) => thingsAddedToListMail(site, { recipientName: recipient.name, ownerName: owner.name, listId: list.id, listName: list.name }),
    });
  }
}
