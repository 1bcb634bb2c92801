// Fill a PostgreSQL database with a realistic StashSphere instance for the benchmarks:
// users with a long-tailed friend graph, a million things with properties and quantities,
// lists, images, shares, notifications and cart entries. Deterministic from the seed.
//
//   bun bench/generate.ts --url postgres://… [--seed 42] [--scale 1] [--image-dir DIR] [--instance FILE]
//
// At scale 1 there are 1,000 users who own things, with about 30 friends on average on a long
// tail (a few hundred at most). Three hubs have 5,000 friends each, so 5,000 more accounts
// exist that own nothing. Then 1,000,000 things with 1–5 properties and a quantity entry each,
// 100,000 lists, and 200,000 images, each its own small JPEG file in --image-dir. Things and
// lists come in every sharing state, with direct shares of both (some hidden by their
// recipient), cart entries and 200,000 notifications.
//
// Rows go in with COPY; secondary indexes are dropped first and rebuilt afterwards, and
// foreign-key triggers are off during the load (the generator keeps the data consistent),
// which is what makes a million things fit in minutes. The target database must be migrated
// and empty. Key ids for the scenarios are written to bench/results/instance.json or --instance.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import postgres from "postgres";
import { migrate } from "../src/db/migrate.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { createRandom, type Random } from "./lib/random.ts";
import { copyRows } from "./lib/copy.ts";
import { writeSampleImages } from "./lib/sample-images.ts";
import { fillSearchVocabularySql, fillSearchWordsSql } from "./lib/search-words.ts";

export interface GenerateOptions {
  url: string;
  seed: number;
  scale: number;
  imageDir?: string;
  /** File for the key ids of the scenarios; default bench/results/instance.json. */
  instancePath?: string;
}

function parseOptions(argv: string[]): GenerateOptions {
  const options: Partial<GenerateOptions> & { seed: number; scale: number } = { seed: 42, scale: 1 };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === "--url" && value) options.url = value;
    else if (flag === "--seed" && value) options.seed = Number(value);
    else if (flag === "--scale" && value) options.scale = Number(value);
    else if (flag === "--image-dir" && value) options.imageDir = resolve(value);
    else if (flag === "--instance" && value) options.instancePath = resolve(value);
    else throw new Error(`unknown or incomplete option ${flag}; see the comment at the top of bench/generate.ts`);
    index++;
  }
  if (!(options.scale > 0)) throw new Error("--scale must be a positive number");
  if (!options.url) throw new Error("--url is required: a migrated or empty database on a PostgreSQL server you may fill");
  return { ...options, url: options.url };
}

export const benchPassword = "benchmark password 42";

const sharingStates = ["private", "friends", "friends-of-friends"] as const;
const propertyNames = ["color", "weight", "material", "manufacturer", "bought", "voltage", "length", "torque_max"];
const words = [
  "drill", "hammer", "saw", "ladder", "tent", "kayak", "projector", "sander", "clamp", "chisel", "router", "level",
  "wrench", "socket", "jigsaw", "grinder", "compressor", "tile", "cutter", "trowel", "shovel", "rake", "pump", "bike",
  "helmet", "rope", "harness", "lantern", "stove", "cooler", "speaker", "camera", "tripod", "lens", "flash", "drone",
  "Bohrmaschine", "Säge", "Leiter", "шуруповерт", "молоток", "δράπανο", "perceuse", "scie", "échelle", "taladro",
];
const colors = ["red", "green", "blue", "black", "yellow", "orange", "silver"];

function makeId(random: Random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  let id = "";
  for (let index = 0; index < 21; index++) id += alphabet[Math.floor(random.next() * 64)];
  return id;
}

function thingName(random: Random): string {
  const count = 1 + Math.floor(random.next() * 3);
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(random.pick(words));
  return parts.join(" ");
}

/** Fill the database at `options.url`; returns the key ids the scenarios use. */
export async function generateInstance(options: GenerateOptions): Promise<Record<string, unknown>> {
  const started = performance.now();
  const url = options.url;

  const db = connectPostgresUrl(url, 4);
  await migrate(db);
  await db.close();

  const client = postgres(url, { max: 1, onnotice: () => {} });
  const random = createRandom(options.seed);
  const scale = options.scale;

  const [existingRow] = await client<{ count: number }[]>`select count(*)::int as count from users`;
  const existing = existingRow?.count ?? 0;
  if (existing > 0) throw new Error(`the database already has ${existing} users; generate into an empty, migrated database`);

  // Secondary indexes are rebuilt after the load: building once is much faster than updating
  // them row by row. Indexes that back constraints stay (COPY needs them for uniqueness).
  const indexes = await client<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`;
  for (const index of indexes) await client.unsafe(`drop index ${index.name}`);
  await client`set session_replication_role = replica`;

  const activeUsers = Math.round(1000 * scale);
  const passiveUsers = Math.round(5000 * scale);
  const userCount = activeUsers + passiveUsers;
  const passwordHash = await Bun.password.hash(benchPassword, { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 });
  const userIds = Array.from({ length: userCount }, () => makeId(random));
  const now = Date.parse("2026-11-01T00:00:00Z");
  const timeAt = (offsetSeconds: number) => new Date(now - offsetSeconds * 1000).toISOString();

  await copyRows(client, "users (id, name, email, password_hash)", function* () {
    for (let index = 0; index < userCount; index++) {
      yield [userIds[index], `Bench User ${index}`, `user${index}@bench.test`, passwordHash];
    }
  });

  // Friend graph: hubs befriend thousands, the rest follow a long tail. Each user starts
  // about 14 friendships on average and is picked by as many, plus 2.5 hub friendships: about
  // 30 friends each, median about 25, the top 1% above 120.
  const pairs = new Set<string>();
  const friendships: [string, string][] = [];
  const befriend = (a: number, b: number) => {
    if (a === b) return;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (pairs.has(key)) return;
    pairs.add(key);
    friendships.push([userIds[a] as string, userIds[b] as string]);
  };
  const hubCount = 3;
  const hubFriends = Math.min(5000, userCount - 1);
  for (let hub = 0; hub < hubCount; hub++) {
    for (const other of random.sample(userCount, hubFriends)) befriend(hub + 1, other);
  }
  for (let user = hubCount + 1; user < activeUsers; user++) {
    const wanted = Math.min(400, Math.round(4.6 * random.pareto(1.5)));
    for (let index = 0; index < wanted; index++) befriend(user, Math.floor(random.next() * activeUsers));
  }
  const requestIds = friendships.map(() => makeId(random));
  await copyRows(client, "friend_requests (id, sender_id, receiver_id, state, created_at, updated_at)", function* () {
    for (const [index, [a, b]] of friendships.entries()) {
      const time = timeAt(random.int(1, 3e7));
      yield [requestIds[index], a, b, "accepted", time, time];
    }
  });
  await copyRows(client, "friendships (friend1_id, friend2_id, friend_request_id)", function* () {
    for (const [index, [a, b]] of friendships.entries()) yield [b, a, requestIds[index]];
  });

  // Things: user 0 has exactly 10,000 (the browse scenario); the rest follow a Zipf-like tail.
  const thingTotal = Math.round(1_000_000 * scale);
  const perUser = new Array<number>(activeUsers).fill(0);
  perUser[0] = Math.min(10_000, thingTotal);
  const weights = Array.from({ length: activeUsers }, (_, index) => (index === 0 ? 0 : 1 / (index + 1) ** 0.7));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  let assigned = perUser[0] as number;
  for (let index = 1; index < activeUsers; index++) {
    const share = Math.floor(((thingTotal - (perUser[0] as number)) * (weights[index] as number)) / weightSum);
    perUser[index] = share;
    assigned += share;
  }
  perUser[1] = (perUser[1] as number) + thingTotal - assigned;

  const thingIds: string[] = [];
  const thingOwners: number[] = [];
  for (let owner = 0; owner < activeUsers; owner++) {
    for (let index = 0; index < (perUser[owner] as number); index++) {
      thingIds.push(makeId(random));
      thingOwners.push(owner);
    }
  }
  const thingStates: string[] = [];
  await copyRows(client, "things (id, name, created_at, owner_id, description, private_note, quantity_unit, sharing_state)", function* () {
    for (const [index, id] of thingIds.entries()) {
      const state = random.weighted(sharingStates, [0.5, 0.35, 0.15]);
      thingStates.push(state);
      yield [id, thingName(random), timeAt(random.int(1, 3e7)), userIds[thingOwners[index] as number], `A ${random.pick(colors)} ${random.pick(words)} in good shape`, random.next() < 0.2 ? `lent to ${random.pick(words)}` : "", "pcs", state];
    }
  });
  await copyRows(client, "quantity_entries (id, thing_id, delta_value)", function* () {
    for (const id of thingIds) yield [makeId(random), id, String(random.int(1, 5))];
  });
  // Triggers are off while loading (replica role), so the owner copied onto each property is
  // written here.
  await copyRows(client, "properties (id, type, name, value_string, value_datetime, value_float, unit, thing_id, owner_id)", function* () {
    for (const [index, id] of thingIds.entries()) {
      const owner = userIds[thingOwners[index] as number];
      const count = random.int(1, 5);
      const names = random.sampleOf(propertyNames, count);
      for (const name of names) {
        const kind = name === "bought" ? "datetime" : name === "weight" || name === "voltage" || name === "length" || name === "torque_max" ? "float" : "string";
        if (kind === "string") yield [makeId(random), kind, name, random.pick(colors), null, null, null, id, owner];
        else if (kind === "float") yield [makeId(random), kind, name, null, null, String(random.int(1, 500) / 10), "kg", id, owner];
        else yield [makeId(random), kind, name, null, timeAt(random.int(1, 1e8)), null, null, id, owner];
      }
    }
  });

  // Lists: each contains a handful of its owner's things.
  const listTotal = Math.round(100_000 * scale);
  const firstThingOf: number[] = [];
  let cursor = 0;
  for (let owner = 0; owner < activeUsers; owner++) {
    firstThingOf[owner] = cursor;
    cursor += perUser[owner] as number;
  }
  const listIds: string[] = [];
  const listOwners: number[] = [];
  await copyRows(client, "lists (id, name, created_at, owner_id, sharing_state)", function* () {
    for (let index = 0; index < listTotal; index++) {
      let owner = thingOwners[Math.floor(random.next() * thingIds.length)] as number;
      if ((perUser[owner] as number) === 0) owner = 0;
      const id = makeId(random);
      listIds.push(id);
      listOwners.push(owner);
      yield [id, `${random.pick(words)} kit`, timeAt(random.int(1, 3e7)), userIds[owner], random.weighted(sharingStates, [0.6, 0.3, 0.1])];
    }
  });
  // As for properties, the thing's owner and sharing state copied onto each entry are written here.
  await copyRows(client, "lists_things (list_id, thing_id, thing_owner_id, thing_sharing_state)", function* () {
    for (const [index, listId] of listIds.entries()) {
      const owner = listOwners[index] as number;
      const count = Math.min(perUser[owner] as number, random.int(2, 8));
      for (const offset of random.sample(perUser[owner] as number, count)) {
        const thing = (firstThingOf[owner] as number) + offset;
        yield [listId, thingIds[thing], userIds[owner], thingStates[thing]];
      }
    }
  });

  // Images: one file per row when there is a directory; without one, rows share made-up hashes.
  const imageTotal = Math.round(200_000 * scale);
  const imagesStarted = performance.now();
  const pool = options.imageDir ? await writeSampleImages(options.imageDir, imageTotal, options.seed) : Array.from({ length: 2000 }, (_, index) => ({ hash: `BENCHHASH${index}`.padEnd(52, "A"), width: 640, height: 480 }));
  if (options.imageDir) console.log(`image files: ${pool.length} in ${((performance.now() - imagesStarted) / 1000).toFixed(1)} s`);
  const imageIds: string[] = [];
  const imageThing: number[] = [];
  await copyRows(client, "images (id, name, mime, hash, owner_id, created_at, width, height)", function* () {
    for (let index = 0; index < imageTotal; index++) {
      const thingIndex = Math.floor(random.next() * thingIds.length);
      const sample = pool[index % pool.length] as { hash: string; width: number; height: number };
      const id = makeId(random);
      imageIds.push(id);
      yield [id, `IMG_${index}.jpg`, "image/jpeg", sample.hash, userIds[thingOwners[thingIndex] as number], timeAt(random.int(1, 3e7)), String(sample.width), String(sample.height)];
      imageThing.push(thingIndex);
    }
  });
  await copyRows(client, "images_things (thing_id, image_id, pos)", function* () {
    for (const [index, imageId] of imageIds.entries()) yield [thingIds[imageThing[index] as number], imageId, String(index % 3)];
  });

  // Direct shares of things and lists with random other users. One in twenty is hidden by its
  // recipient. For one thing share in three, the recipient has put the thing in the cart.
  const shareKeys = new Set<string>();
  const cart: [string, string][] = [];
  await copyRows(client, "shares (id, owner_id, target_user_id, thing_id, list_id, created_at, hidden_at)", function* () {
    for (let index = 0; index < Math.round(25_000 * scale); index++) {
      const isThing = index % 5 !== 0;
      const objectIndex = Math.floor(random.next() * (isThing ? thingIds.length : listIds.length));
      const owner = isThing ? (thingOwners[objectIndex] as number) : (listOwners[objectIndex] as number);
      const target = Math.floor(random.next() * activeUsers);
      const objectId = isThing ? thingIds[objectIndex] : listIds[objectIndex];
      const key = `${objectId}:${target}`;
      if (target === owner || shareKeys.has(key)) continue;
      shareKeys.add(key);
      const time = timeAt(random.int(1e6, 3e7));
      const hidden = random.next() < 0.05 ? timeAt(random.int(1, 1e6)) : null;
      if (isThing && random.next() < 1 / 3) cart.push([userIds[target] as string, objectId as string]);
      yield [makeId(random), userIds[owner], userIds[target], isThing ? objectId : null, isThing ? null : objectId, time, hidden];
    }
  });
  await copyRows(client, "cart_entries (user_id, thing_id, created_at)", function* () {
    for (const [user, thing] of cart) yield [user, thing, timeAt(random.int(1, 1e6))];
  });

  await copyRows(client, "notifications (id, recipient_id, content_type, content, created_at, acknowledged_at)", function* () {
    for (let index = 0; index < Math.round(200_000 * scale); index++) {
      const recipient = index < 10_000 ? 2 : Math.floor(random.next() * activeUsers);
      const thingIndex = Math.floor(random.next() * thingIds.length);
      const time = timeAt(random.int(1, 3e7));
      const content = JSON.stringify({ thingId: thingIds[thingIndex], sharerId: userIds[thingOwners[thingIndex] as number] });
      yield [makeId(random), userIds[recipient], "THING_SHARED", content, time, random.next() < 0.7 ? time : null];
    }
  });

  // Triggers were off during the load, so the stored search words are computed here, in one
  // pass while the indexes are still dropped, and the table rewritten without the old rows.
  await client.unsafe(fillSearchWordsSql);
  await client.unsafe(fillSearchVocabularySql);
  await client`vacuum full things`;

  await client`set session_replication_role = origin`;
  // Triggers were off during the load, so the per-owner counters are rebuilt from the rows.
  await client`select stashsphere_recount_sharing()`;
  console.log(`rows loaded after ${((performance.now() - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`);
  for (const index of indexes) await client.unsafe(index.definition);
  // VACUUM too, as autovacuum would have done on a live instance: index-only scans skip the
  // table only for pages the visibility map marks all-visible.
  await client`vacuum (analyze)`;

  const [best] = await client<{ id: string; email: string; friends: number }[]>`
    select u.id, u.email, count(*)::int as friends from users u
    join friendships f on f.friend1_id = u.id or f.friend2_id = u.id
    group by u.id order by friends desc limit 1`;
  const [richThing] = await client<{ id: string }[]>`
    select t.id from things t
    where t.owner_id = ${userIds[0] as string}
      and (select count(*) from properties p where p.thing_id = t.id) >= 5
      and (select count(*) from images_things it where it.thing_id = t.id) >= 1
    limit 1`;
  const instance = {
    seed: options.seed,
    scale,
    password: benchPassword,
    users: userCount,
    things: thingIds.length,
    lists: listIds.length,
    images: imageIds.length,
    imageFiles: options.imageDir ? pool.length : 0,
    friendships: friendships.length,
    shares: shareKeys.size,
    cartEntries: cart.length,
    browseUser: { id: userIds[0], email: "user0@bench.test", things: perUser[0] },
    bestConnectedUser: { id: best?.id, email: best?.email, friends: best?.friends },
    notificationsUser: { id: userIds[2], email: "user2@bench.test" },
    richThingId: richThing?.id,
    // Images on the browse user's own things, so that user may fetch them.
    imageHashes: imageIds.flatMap((_, index) => (thingOwners[imageThing[index] as number] === 0 ? [(pool[index % pool.length] as { hash: string }).hash] : [])).slice(0, 50),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  const instancePath = options.instancePath ?? join(resolve(import.meta.dir, "results"), "instance.json");
  await mkdir(dirname(instancePath), { recursive: true });
  await writeFile(instancePath, `${JSON.stringify(instance, null, 2)}\n`);
  await client.end();
  return instance;
}

if (import.meta.main) {
  const instance = await generateInstance(parseOptions(process.argv.slice(2)));
  const { imageHashes, ...summary } = instance;
  console.log(JSON.stringify(summary, null, 2));
}
