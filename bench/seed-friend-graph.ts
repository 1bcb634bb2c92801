import type { Database } from "../src/db/database.ts";
import { newId } from "../src/db/ids.ts";
import { sql } from "../src/db/sql.ts";
import { createRandom, type Random } from "./lib/random.ts";

/** The shape of a generated instance. */
export interface GraphShape {
  users: number;
  averageFriends: number;
  /** Users with far more friends than anybody else, and how many each has. */
  hubs: number;
  hubFriends: number;
  thingsPerUser: number;
  /** Notifications given to each of the users measured. */
  notificationsPerViewer: number;
}

export interface SeededGraph {
  userIds: string[];
  degreeOf: Map<string, number>;
  hubIds: string[];
  /** A user whose number of friends is the median. */
  typicalUserId: string;
}

const firstNames = ["Anna", "Björn", "Chloé", "Daniel", "Elif", "François", "Greta", "Hannah", "Ivan", "Jürgen", "Katarzyna", "Luis", "Marie", "Noah", "Olga", "Pablo", "Renée", "Søren", "Tomás", "Zoë"];
const lastNames = ["Müller", "Schmidt", "García", "Nowak", "Dubois", "Rossi", "Jensen", "Novák", "Yılmaz", "Andersson", "Martin", "Kowalski", "Ferreira", "Smith", "Ivanova", "Łukasiewicz"];

async function insertInChunks<Row>(db: Database, rows: Row[], insert: (chunk: Row[]) => ReturnType<typeof sql>): Promise<void> {
  const chunkSize = 5000;
  for (let start = 0; start < rows.length; start += chunkSize) {
    await db.query(insert(rows.slice(start, start + chunkSize)));
  }
}

/**
 * Pick friendships with a long tail: each user gets a Pareto-distributed weight (shape 1.5)
 * and both ends of an edge are drawn in proportion to it, so most users have a few friends
 * and some have hundreds. The hubs are then made friends with `hubFriends` random users.
 */
function pickFriendships(userIds: string[], shape: GraphShape, random: Random): [string, string][] {
  const weights = userIds.map(() => random.pareto(1.5));
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight));
  const pickUser = () => {
    const target = random.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return userIds[low]!;
  };

  const pairs = new Map<string, [string, string]>();
  const addPair = (a: string, b: string) => {
    if (a === b) return;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (!pairs.has(key)) pairs.set(key, [a, b]);
  };
  const ordinaryEdges = (shape.users * shape.averageFriends) / 2;
  while (pairs.size < ordinaryEdges) addPair(pickUser(), pickUser());

  for (const hub of userIds.slice(0, shape.hubs)) {
    const others = random.sampleOf(userIds.filter((id) => id !== hub), shape.hubFriends);
    for (const other of others) addPair(hub, other);
  }
  return [...pairs.values()];
}

/** Fill an empty, migrated database with users, friendships, things, lists and profiles. */
export async function seedFriendGraph(db: Database, shape: GraphShape, seed = 1): Promise<SeededGraph> {
  const random = createRandom(seed);

  const users = Array.from({ length: shape.users }, (_, index) => ({
    id: newId(),
    name: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
    email: `bench-${index}@example.test`,
  }));
  await insertInChunks(db, users, (chunk) => sql`
    insert into users (id, name, email, password_hash)
    select id, name, email, 'not a hash' from unnest(
      ${chunk.map((user) => user.id)}::text[], ${chunk.map((user) => user.name)}::text[], ${chunk.map((user) => user.email)}::text[]
    ) as u (id, name, email)`);
  const userIds = users.map((user) => user.id);

  const friendships = pickFriendships(userIds, shape, random).map(([a, b]) => ({ a, b, requestId: newId() }));
  await insertInChunks(db, friendships, (chunk) => sql`
    with requests as (
      insert into friend_requests (id, sender_id, receiver_id, state)
      select id, a, b, 'accepted' from unnest(
        ${chunk.map((row) => row.requestId)}::text[], ${chunk.map((row) => row.a)}::text[], ${chunk.map((row) => row.b)}::text[]
      ) as r (id, a, b)
      returning id, sender_id, receiver_id
    )
    insert into friendships (friend1_id, friend2_id, friend_request_id)
    select receiver_id, sender_id, id from requests`);

  const states = ["private", "private", "private", "friends", "friends", "friends-of-friends"] as const;
  const things = userIds.flatMap((owner) =>
    Array.from({ length: shape.thingsPerUser }, (_, index) => ({ id: newId(), owner, name: `Tool ${index}`, state: random.pick(states) })),
  );
  await insertInChunks(db, things, (chunk) => sql`
    insert into things (id, owner_id, name, sharing_state)
    select id, owner, name, state::sharing_state from unnest(
      ${chunk.map((thing) => thing.id)}::text[], ${chunk.map((thing) => thing.owner)}::text[],
      ${chunk.map((thing) => thing.name)}::text[], ${chunk.map((thing) => thing.state)}::text[]
    ) as t (id, owner, name, state)`);

  const lists = userIds.map((owner) => ({ id: newId(), owner, state: random.pick(states) }));
  await insertInChunks(db, lists, (chunk) => sql`
    insert into lists (id, owner_id, name, sharing_state)
    select id, owner, 'Workshop', state::sharing_state from unnest(
      ${chunk.map((list) => list.id)}::text[], ${chunk.map((list) => list.owner)}::text[], ${chunk.map((list) => list.state)}::text[]
    ) as l (id, owner, state)`);
  await db.query(sql`analyze`);
  // Ordered as the index on (owner_id, created_at, id) is, so each lookup reads three entries.
  await db.query(sql`
    insert into lists_things (list_id, thing_id)
    select l.id, t.id from lists l
    cross join lateral (select id from things where owner_id = l.owner_id order by created_at, id limit 3) t`);
  await db.query(sql`
    insert into profiles (id, full_name, information, user_id)
    select substr(md5(id), 1, 21), name || ' Example', 'Likes lending tools.', id from users where random() < 0.3`);
  await db.query(sql`analyze`);

  const degreeOf = new Map<string, number>();
  for (const { a, b } of friendships) {
    degreeOf.set(a, (degreeOf.get(a) ?? 0) + 1);
    degreeOf.set(b, (degreeOf.get(b) ?? 0) + 1);
  }
  const byDegree = [...userIds].sort((a, b) => (degreeOf.get(a) ?? 0) - (degreeOf.get(b) ?? 0));
  return { userIds, degreeOf, hubIds: userIds.slice(0, shape.hubs), typicalUserId: byDegree[Math.floor(byDegree.length / 2)]! };
}

/**
 * Give a user `count` notifications of every kind, spread over the last 180 days, a third of
 * them unread, about random things, lists and friend requests of the instance.
 */
export async function seedNotifications(db: Database, recipientId: string, count: number): Promise<void> {
  await db.query(sql`
    with thing_ids as (select array_agg(id) as ids from (select id from things order by random() limit 2000) t),
      list_ids as (select array_agg(id) as ids from (select id from lists order by random() limit 500) l),
      request_ids as (select array_agg(id) as ids from (select id from friend_requests order by random() limit 500) r),
      user_ids as (select array_agg(id) as ids from (select id from users order by random() limit 500) u)
    insert into notifications (id, recipient_id, content_type, content, created_at, acknowledged_at)
    select substr(md5(${recipientId} || n), 1, 21), ${recipientId}, kind,
      case kind
        when 'THING_SHARED' then jsonb_build_object('thingId', thing_ids.ids[1 + n % 2000], 'sharerId', user_ids.ids[1 + n % 500])
        when 'LIST_SHARED' then jsonb_build_object('listId', list_ids.ids[1 + n % 500], 'sharerId', user_ids.ids[1 + n % 500])
        when 'THINGS_ADDED_TO_LIST' then jsonb_build_object('listId', list_ids.ids[1 + n % 500], 'addedById', user_ids.ids[1 + n % 500])
        when 'FRIEND_REQUEST' then jsonb_build_object('requestId', request_ids.ids[1 + n % 500], 'senderId', user_ids.ids[1 + n % 500])
        else jsonb_build_object('requestId', request_ids.ids[1 + n % 500], 'accepted', n % 2 = 0)
      end,
      created,
      case when n % 3 = 0 then null else created + interval '1 hour' end
    from generate_series(1, ${count}::int) as n
    cross join thing_ids cross join list_ids cross join request_ids cross join user_ids
    cross join lateral (
      select (array['THING_SHARED', 'LIST_SHARED', 'THINGS_ADDED_TO_LIST', 'FRIEND_REQUEST', 'FRIEND_REQUEST_REACTION'])[1 + n % 5] as kind,
        now() - (n * interval '180 days') / ${count}::int as created
    ) k`);
  await db.query(sql`analyze notifications`);
}
