import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import type { Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";

/** Make a random hash in the stored-file format: 52 base32 characters (A–Z, 2–7). */
function newHash(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(crypto.getRandomValues(new Uint8Array(52)), (byte) => alphabet[byte & 31]).join("");
}

/** Return the image section a purge reads: the fixture's store, with a resize cache inside it. */
export function imageConfigFor(imageStorePath: string): Pick<Config, "image"> {
  return {
    image: {
      path: imageStorePath,
      cachePath: join(imageStorePath, "cache"),
      cacheMaxBytes: 1024 * 1024,
      maxPixels: 50_000_000,
      maxUploadBytes: 25 * 1024 * 1024,
    } as Config["image"],
  };
}

export interface PurgeFixture {
  imageStorePath: string;
  /** The user to purge, who used every feature. */
  victim: string;
  /** Someone who shared with the victim both ways and must keep everything of their own. */
  other: string;
  /** A friend of both. */
  friend: string;
  /** Every id of a row that belongs to the victim or exists only because of them. */
  victimIds: string[];
  /** Rows of the other users that must survive, by table. */
  survivors: { things: string[]; lists: string[]; images: string[]; notifications: string[]; friendRequests: string[] };
  files: { victimOnly: string; sharedByHash: string; missing: string; otherOnly: string };
}

/**
 * Fill every table with rows of a user who used every feature, interleaved with two other
 * users' rows, and put the image files into a new store directory.
 */
export async function fillEveryTable(db: Queryable, victimPurgeAt: Date | null): Promise<PurgeFixture> {
  const imageStorePath = await mkdtemp(join(tmpdir(), "stashsphere-purge-store-"));
  const [victim, other, friend] = [newId(), newId(), newId()];
  const ids = {
    victimThing: newId(), victimThing2: newId(), victimList: newId(), otherThing: newId(), otherList: newId(), friendThing: newId(),
    victimImage: newId(), victimImageSharedHash: newId(), victimImageMissingFile: newId(), otherImage: newId(), otherImageSameHash: newId(),
    requestVictimToOther: newId(), requestFriendToVictim: newId(), requestOtherToFriend: newId(), requestVictimToFriendRejected: newId(),
    shareThingToOther: newId(), shareListToOther: newId(), shareThingToVictim: newId(), shareListToVictim: newId(),
    notificationToVictim: newId(), notificationThingShared: newId(), notificationListShared: newId(), notificationFriendRequest: newId(),
    notificationThingsAdded: newId(), notificationReaction: newId(), notificationUnrelated: newId(),
    victimProfile: newId(), otherProfile: newId(),
    property1: newId(), property2: newId(), property3: newId(), quantity1: newId(), quantity2: newId(),
  };
  const files = { victimOnly: newHash(), sharedByHash: newHash(), missing: newHash(), otherOnly: newHash() };
  for (const hash of [files.victimOnly, files.sharedByHash, files.otherOnly]) await writeFile(join(imageStorePath, hash), `image ${hash}`);

  await db.query(sql`
    insert into users (id, name, email, password_hash, purge_at) values
      (${victim}, 'Victim', ${`victim-${victim}@example.test`}, 'x', ${victimPurgeAt}::timestamptz),
      (${other}, 'Other', ${`other-${other}@example.test`}, 'x', null),
      (${friend}, 'Friend', ${`friend-${friend}@example.test`}, null, null)`);

  await db.query(sql`
    insert into images (id, name, mime, hash, owner_id, thumbhash, width, height) values
      (${ids.victimImage}, 'a.jpg', 'image/jpeg', ${files.victimOnly}, ${victim}, 'th', 10, 10),
      (${ids.victimImageSharedHash}, 'b.jpg', 'image/jpeg', ${files.sharedByHash}, ${victim}, null, null, null),
      (${ids.victimImageMissingFile}, 'c.jpg', 'image/jpeg', ${files.missing}, ${victim}, null, null, null),
      (${ids.otherImage}, 'd.jpg', 'image/jpeg', ${files.otherOnly}, ${other}, null, null, null),
      (${ids.otherImageSameHash}, 'b-too.jpg', 'image/jpeg', ${files.sharedByHash}, ${other}, null, null, null)`);

  await db.query(sql`
    insert into things (id, name, owner_id, description, private_note, quantity_unit, sharing_state) values
      (${ids.victimThing}, 'Drill', ${victim}, 'cordless', 'note', 'pcs', 'friends'),
      (${ids.victimThing2}, 'Saw', ${victim}, '', '', 'pcs', 'private'),
      (${ids.otherThing}, 'Ladder', ${other}, '', '', 'pcs', 'friends-of-friends'),
      (${ids.friendThing}, 'Tent', ${friend}, '', '', 'pcs', 'friends')`);
  await db.query(sql`
    insert into properties (id, type, name, value_string, value_datetime, value_float, unit, thing_id) values
      (${ids.property1}, 'string', 'Brand', 'Acme', null, null, null, ${ids.victimThing}),
      (${ids.property2}, 'float', 'Voltage', null, null, 18, 'V', ${ids.victimThing}),
      (${ids.property3}, 'datetime', 'Bought', null, '2025-01-02T03:04:05Z', null, null, ${ids.victimThing})`);
  await db.query(sql`
    insert into quantity_entries (id, thing_id, delta_value) values
      (${ids.quantity1}, ${ids.victimThing}, 3), (${ids.quantity2}, ${ids.victimThing}, -1)`);
  await db.query(sql`
    insert into images_things (thing_id, image_id, pos) values
      (${ids.victimThing}, ${ids.victimImage}, 0), (${ids.victimThing}, ${ids.victimImageSharedHash}, 1),
      (${ids.otherThing}, ${ids.otherImage}, 0)`);

  await db.query(sql`
    insert into lists (id, name, owner_id, sharing_state) values
      (${ids.victimList}, 'Workshop', ${victim}, 'friends'), (${ids.otherList}, 'Garage', ${other}, 'private')`);
  // Each list contains a thing of the other owner too: list memberships both ways.
  await db.query(sql`
    insert into lists_things (list_id, thing_id) values
      (${ids.victimList}, ${ids.victimThing}), (${ids.victimList}, ${ids.otherThing}),
      (${ids.otherList}, ${ids.otherThing}), (${ids.otherList}, ${ids.victimThing})`);

  await db.query(sql`
    insert into shares (id, owner_id, target_user_id, thing_id, list_id) values
      (${ids.shareThingToOther}, ${victim}, ${other}, ${ids.victimThing}, null),
      (${ids.shareListToOther}, ${victim}, ${other}, null, ${ids.victimList}),
      (${ids.shareThingToVictim}, ${other}, ${victim}, ${ids.otherThing}, null),
      (${ids.shareListToVictim}, ${other}, ${victim}, null, ${ids.otherList})`);

  await db.query(sql`
    insert into friend_requests (id, sender_id, receiver_id, state) values
      (${ids.requestVictimToOther}, ${victim}, ${other}, 'pending'),
      (${ids.requestFriendToVictim}, ${friend}, ${victim}, 'accepted'),
      (${ids.requestVictimToFriendRejected}, ${victim}, ${friend}, 'rejected'),
      (${ids.requestOtherToFriend}, ${other}, ${friend}, 'accepted')`);
  await db.query(sql`
    insert into friendships (friend1_id, friend2_id, friend_request_id) values
      (${victim}, ${friend}, ${ids.requestFriendToVictim}), (${friend}, ${other}, ${ids.requestOtherToFriend})`);

  const content = (value: Record<string, unknown>) => JSON.stringify(value);
  await db.query(sql`
    insert into notifications (id, recipient_id, content_type, content) values
      (${ids.notificationToVictim}, ${victim}, 'THING_SHARED', ${content({ thingId: ids.otherThing, sharerId: other })}::text::jsonb),
      (${ids.notificationThingShared}, ${other}, 'THING_SHARED', ${content({ thingId: ids.victimThing, sharerId: victim })}::text::jsonb),
      (${ids.notificationListShared}, ${other}, 'LIST_SHARED', ${content({ listId: ids.victimList, sharerId: victim })}::text::jsonb),
      (${ids.notificationFriendRequest}, ${other}, 'FRIEND_REQUEST', ${content({ requestId: ids.requestVictimToOther, senderId: victim })}::text::jsonb),
      (${ids.notificationThingsAdded}, ${other}, 'THINGS_ADDED_TO_LIST', ${content({ listId: ids.victimList, addedById: victim })}::text::jsonb),
      (${ids.notificationReaction}, ${friend}, 'FRIEND_REQUEST_REACTION', ${content({ requestId: ids.requestFriendToVictim, accepted: true })}::text::jsonb),
      (${ids.notificationUnrelated}, ${other}, 'THING_SHARED', ${content({ thingId: ids.friendThing, sharerId: friend })}::text::jsonb)`);

  // Cart entries both ways: the victim borrows the other's thing and the other borrows the victim's.
  await db.query(sql`
    insert into cart_entries (user_id, thing_id) values (${victim}, ${ids.otherThing}), (${other}, ${ids.victimThing}), (${other}, ${ids.friendThing})`);

  await db.query(sql`
    insert into profiles (id, full_name, information, image_id, user_id) values
      (${ids.victimProfile}, 'Vic Tim', 'about me', ${ids.victimImage}, ${victim}),
      (${ids.otherProfile}, 'Oth Er', '', ${ids.otherImage}, ${other})`);

  await db.query(sql`
    insert into email_verifications (user_id, email, verified_at, failed_attempts) values
      (${victim}, ${`victim-${victim}@example.test`}, now(), 0), (${victim}, 'old-address@example.test', null, 2),
      (${other}, ${`other-${other}@example.test`}, null, 0)`);
  await db.query(sql`
    insert into email_verification_codes (user_id, email, digit_code, valid_until) values
      (${victim}, ${`victim-${victim}@example.test`}, '12345678', now() + interval '30 minutes'),
      (${other}, ${`other-${other}@example.test`}, '87654321', now() + interval '30 minutes')`);

  await db.query(sql`
    insert into oidc_identities (provider, subject, user_id, email) values
      ('test-idp', ${`subject-${victim}`}, ${victim}, 'victim@idp.example.test'),
      ('test-idp', ${`subject-${friend}`}, ${friend}, 'friend@idp.example.test')`);
  await db.query(sql`
    insert into password_reset_tokens (token_hash, user_id, expires_at) values
      (${`token-${victim}`}, ${victim}, now() + interval '1 hour'), (${`token-${other}`}, ${other}, now() + interval '1 hour')`);

  await db.query(sql`
    insert into mail_outbox (recipient_user_id, to_address, subject, body, sent_at) values
      (${victim}, ${`victim-${victim}@example.test`}, 'sent to victim', 'b', now()),
      (${victim}, ${`victim-${victim}@example.test`}, 'queued for victim', 'b', null),
      (${other}, ${`other-${other}@example.test`}, 'queued for other', 'Victim shared a thing with you', null)`);

  const victimIds = [
    victim, ids.victimThing, ids.victimThing2, ids.victimList, ids.victimImage, ids.victimImageSharedHash, ids.victimImageMissingFile,
    ids.requestVictimToOther, ids.requestFriendToVictim, ids.requestVictimToFriendRejected,
    ids.shareThingToOther, ids.shareListToOther, ids.shareThingToVictim, ids.shareListToVictim,
    ids.notificationToVictim, ids.notificationThingShared, ids.notificationListShared, ids.notificationFriendRequest,
    ids.notificationThingsAdded, ids.notificationReaction, ids.victimProfile,
    ids.property1, ids.property2, ids.property3, ids.quantity1, ids.quantity2,
  ];
  return {
    imageStorePath,
    victim,
    other,
    friend,
    victimIds,
    survivors: {
      things: [ids.otherThing, ids.friendThing],
      lists: [ids.otherList],
      images: [ids.otherImage, ids.otherImageSameHash],
      notifications: [ids.notificationUnrelated],
      friendRequests: [ids.requestOtherToFriend],
    },
    files,
  };
}
