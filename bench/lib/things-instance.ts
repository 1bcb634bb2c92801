import type postgres from "postgres";
import { copyRows } from "./copy.ts";
import { createRandom } from "./random.ts";

/** The ids the things benchmark requests, from `fillThingsInstance`. */
export interface ThingsInstance {
  /** The user who owns 10,000 things and whose pages are measured. */
  heavyUserId: string;
  /** A thing of the heavy user with 5 properties, 3 images and 2 lists. */
  showcaseThingId: string;
  userCount: number;
  thingCount: number;
}

const userCount = 1000;
const heavyUserThings = 10_000;
const thingsPerOtherUser = 20;
const heavyUserFriends = 50;
const friendsPerOtherUser = 10;

function idFactory(seed: number): () => string {
  const random = createRandom(seed);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  return () => {
    let id = "";
    for (let index = 0; index < 21; index++) id += alphabet[Math.floor(random.next() * 64)];
    return id;
  };
}

/**
 * Fill a migrated, empty database with COPY, the same rows on every run. There are 1,000
 * users. The heavy user has 10,000 things of 5 properties each and 50 friends. The others have
 * 20 things of 2 properties and about 10 friends each. Some lists, shares and images complete it.
 */
export async function fillThingsInstance(client: postgres.Sql): Promise<ThingsInstance> {
  const random = createRandom(7);
  const newId = idFactory(11);
  const sharingStates = ["private", "private", "private", "friends", "friends-of-friends"];
  const start = Date.parse("2025-01-01T00:00:00Z");
  const timeAt = (index: number) => new Date(start + index * 1000).toISOString();

  const users = Array.from({ length: userCount }, () => newId());
  const heavyUser = users[0]!;
  await copyRows(client, "users (id, name, email, password_hash)", function* () {
    for (const [index, id] of users.entries()) yield [id, `Bench User ${index}`, `things-bench-${index}@bench.test`, null];
  });

  const pairs = new Map<string, [string, string]>();
  const befriend = (a: number, b: number) => {
    if (a === b) return;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    pairs.set(key, [users[a]!, users[b]!]);
  };
  for (let friend = 1; friend <= heavyUserFriends; friend++) befriend(0, friend);
  for (let user = 1; user < userCount; user++) {
    for (let index = 0; index < friendsPerOtherUser / 2; index++) befriend(user, random.int(1, userCount - 1));
  }
  const friendships = [...pairs.values()].map((pair) => ({ pair, requestId: newId() }));
  await copyRows(client, "friend_requests (id, sender_id, receiver_id, state)", function* () {
    for (const { pair, requestId } of friendships) yield [requestId, pair[0], pair[1], "accepted"];
  });
  await copyRows(client, "friendships (friend1_id, friend2_id, friend_request_id)", function* () {
    for (const { pair, requestId } of friendships) yield [pair[1], pair[0], requestId];
  });

  const things: { id: string; owner: string; properties: number }[] = [];
  for (let index = 0; index < heavyUserThings; index++) things.push({ id: newId(), owner: heavyUser, properties: 5 });
  for (const owner of users.slice(1)) {
    for (let index = 0; index < thingsPerOtherUser; index++) things.push({ id: newId(), owner, properties: 2 });
  }
  await copyRows(client, "things (id, name, owner_id, description, created_at, sharing_state)", function* () {
    for (const [index, thing] of things.entries()) {
      // Every tenth thing shares its creation time with the one before, as bulk imports do.
      const time = timeAt(index - (index % 10 === 9 ? 1 : 0));
      const state = thing.owner === heavyUser ? "private" : random.pick(sharingStates);
      yield [thing.id, `Thing ${index}`, thing.owner, "A thing for the benchmark", time, state];
    }
  });
  await copyRows(client, "properties (id, thing_id, pos, type, name, value_string, value_float, unit)", function* () {
    for (const thing of things) {
      for (let position = 0; position < thing.properties; position++) {
        const isFloat = position % 2 === 1;
        yield [newId(), thing.id, String(position), isFloat ? "float" : "string", `property ${position}`, isFloat ? null : `value ${random.int(1, 50)}`, isFloat ? String(random.next() * 100) : null, isFloat ? "kg" : null];
      }
    }
  });
  await copyRows(client, "quantity_entries (id, thing_id, delta_value)", function* () {
    for (const thing of things) yield [newId(), thing.id, String(random.int(1, 5))];
  });

  // The heavy user's 20 lists of 50 things each; the showcase thing is in the first two.
  const lists = Array.from({ length: 20 }, (_, index) => ({ id: newId(), state: index % 2 === 0 ? "friends" : "private" }));
  await copyRows(client, "lists (id, name, owner_id, sharing_state)", function* () {
    for (const [index, list] of lists.entries()) yield [list.id, `List ${index}`, heavyUser, list.state];
  });
  await copyRows(client, "lists_things (list_id, thing_id)", function* () {
    for (const [index, list] of lists.entries()) {
      const first = index < 2 ? 0 : index * 50;
      for (let offset = 0; offset < 50; offset++) yield [list.id, things[first + offset]!.id];
    }
  });

  const showcase = things[0]!;
  const images = Array.from({ length: 3 }, () => newId());
  await copyRows(client, "images (id, name, mime, hash, owner_id)", function* () {
    for (const [index, id] of images.entries()) yield [id, `photo-${index}.jpg`, "image/jpeg", `BENCHHASH${index}`, heavyUser];
  });
  await copyRows(client, "images_things (thing_id, image_id, pos)", function* () {
    for (const [index, id] of images.entries()) yield [showcase.id, id, String(index)];
  });

  // Other users share 200 of their things with the heavy user directly.
  const sharedThings = random.sampleOf(things.slice(heavyUserThings), 200);
  await copyRows(client, "shares (id, owner_id, target_user_id, thing_id)", function* () {
    for (const thing of sharedThings) yield [newId(), thing.owner, heavyUser, thing.id];
  });

  await client`analyze`;
  return { heavyUserId: heavyUser, showcaseThingId: showcase.id, userCount, thingCount: things.length };
}
