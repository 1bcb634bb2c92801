// Server-side generation of the search benchmark's data: one viewer who sees a fixed number of
// things (their own and their friends'), strangers owning the rest, string properties, private
// notes and lists. Rows are produced by INSERT … SELECT over generate_series, so a million
// things never pass through this process. Secondary indexes are dropped before the load and
// rebuilt after it, because building an index once is much faster than updating it per row.
import type { Database } from "../src/db/database.ts";
import { sql } from "../src/db/sql.ts";
import { fillSearchVocabularySql, fillSearchWordsSql } from "./lib/search-words.ts";

export interface SearchBenchSizes {
  totalThings: number;
  /** Things the viewer may see: their own plus their friends' `friends` things. */
  visibleThings: number;
  ownThings: number;
}

export const viewerId = "bench-viewer";
export const bigListId = "bench-big-list";
const friendCount = 50;
const strangerCount = 2000;

const words = [
  "drill", "hammer", "saw", "ladder", "tent", "kayak", "projector", "sander", "clamp", "chisel", "router", "level",
  "wrench", "socket", "jigsaw", "grinder", "compressor", "tile", "cutter", "trowel", "shovel", "rake", "pump", "bike",
  "helmet", "rope", "harness", "lantern", "stove", "cooler", "speaker", "camera", "tripod", "lens", "flash", "drone",
  "Bohrmaschine", "Säge", "Leiter", "Шуруповерт", "молоток", "δράπανο", "perceuse", "scie", "échelle", "taladro",
];
const brands = ["Bosch", "Makita", "DeWalt", "Festool", "Metabo", "Ryobi", "Hilti", "Milwaukee", "Einhell", "Stanley"];
const colors = ["red", "green", "blue", "black", "yellow", "orange", "silver"];

/** `array[...]::text[]` picked by a hash of `seed`, so every row gets a deterministic word. */
function pick(values: string[], seed: string): ReturnType<typeof sql> {
  return sql`(${values}::text[])[1 + ((${sql.raw(seed)}) % ${values.length})]`;
}

/** Fill a migrated, empty database. */
export async function generateSearchData(db: Database, sizes: SearchBenchSizes): Promise<void> {
  const indexes = await db.query<{ name: string; definition: string }>(sql`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`);
  for (const index of indexes) await db.query(sql`drop index ${sql.raw(index.name)}`);
  // With the indexes dropped, the words triggers would scan all properties for each thing; the
  // words are set in one pass after the load instead.
  await db.query(sql`alter table things disable trigger things_search_words`);
  await db.query(sql`alter table properties disable trigger properties_words_insert`);

  await db.query(sql`
    insert into users (id, name, email, password_hash)
    select case when i = 0 then ${viewerId} else 'bench-user-' || i end, 'Bench User ' || i, 'user' || i || '@bench.test', 'unused'
    from generate_series(0, ${friendCount + strangerCount}::int) as i`);

  // The viewer's friends are users 1..50; each friend also befriends 20 strangers, so the
  // viewer's friends-of-friends set is not empty, and strangers befriend each other in a ring.
  await db.query(sql`
    with pairs (a, b) as (
      select ${viewerId}, 'bench-user-' || f from generate_series(1, ${friendCount}::int) as f
      union all
      select 'bench-user-' || f, 'bench-user-' || (${friendCount}::int + 1 + (f * 20 + k) % ${strangerCount}::int)
      from generate_series(1, ${friendCount}::int) as f, generate_series(0, 19) as k
      union all
      select 'bench-user-' || s, 'bench-user-' || (s + 1)
      from generate_series(${friendCount + 1}::int, ${friendCount + strangerCount - 1}::int) as s
    ),
    requests as (
      insert into friend_requests (id, sender_id, receiver_id, state)
      select 'bench-request-' || row_number() over (), a, b, 'accepted' from pairs
      returning id, sender_id, receiver_id
    )
    insert into friendships (friend1_id, friend2_id, friend_request_id)
    select receiver_id, sender_id, id from requests`);

  // Thing i: the viewer's for i < ownThings, a friend's (shared with friends) up to
  // visibleThings, and a stranger's after that (private or shared with the stranger's friends).
  const hash = "(i::bigint * 2654435761) % 4294967296";
  await db.query(sql`
    insert into things (id, name, description, private_note, owner_id, sharing_state, created_at)
    select 'bench-thing-' || i,
      ${pick(brands, hash)} || ' ' || ${pick(words, `${hash} / 7`)} || ' ' || upper(substr(md5(i::text), 1, 3)) || '-' || (i % 97),
      'A ' || ${pick(colors, `${hash} / 3`)} || ' ' || ${pick(words, `${hash} / 11`)} || ' in good shape',
      case when i % 10 = 0 then 'lent to ' || ${pick(words, `${hash} / 13`)} else '' end,
      case
        when i < ${sizes.ownThings}::int then ${viewerId}
        when i < ${sizes.visibleThings}::int then 'bench-user-' || (1 + i % ${friendCount}::int)
        else 'bench-user-' || (${friendCount}::int + 1 + i % ${strangerCount}::int)
      end,
      (case
        when i < ${sizes.ownThings}::int then 'private'
        when i < ${sizes.visibleThings}::int then 'friends'
        when i % 3 = 0 then 'friends'
        else 'private'
      end)::sharing_state,
      timestamptz '2026-01-01' + i * interval '1 minute'
    from generate_series(0, ${sizes.totalThings - 1}::int) as i`);

  await db.query(sql`
    insert into properties (id, type, name, value_string, thing_id)
    select 'bench-color-' || i, 'string'::property_type, 'color', ${pick(colors, hash)}, 'bench-thing-' || i
    from generate_series(0, ${sizes.totalThings - 1}::int) as i where i % 2 = 0
    union all
    select 'bench-maker-' || i, 'string'::property_type, 'manufacturer', ${pick(brands, `${hash} / 5`)} || ' GmbH', 'bench-thing-' || i
    from generate_series(0, ${sizes.totalThings - 1}::int) as i where i % 4 = 1`);

  // One list of 5,000 of the viewer's things, and a list per 100 things for everyone else.
  await db.query(sql`
    insert into lists (id, name, owner_id, sharing_state)
    select ${bigListId}, 'Everything in the garage', ${viewerId}, 'private'
    union all
    select 'bench-list-' || i, ${pick(words, hash)} || ' collection ' || i, t.owner_id, t.sharing_state
    from generate_series(1, ${Math.floor(sizes.totalThings / 100)}::int) as i
    join things t on t.id = 'bench-thing-' || (i * 100 - 1)`);
  await db.query(sql`
    insert into lists_things (list_id, thing_id)
    select ${bigListId}, 'bench-thing-' || i from generate_series(0, ${Math.min(5000, sizes.ownThings) - 1}::int) as i
    union all
    select 'bench-list-' || i, 'bench-thing-' || (i * 100 - 1 - k)
    from generate_series(1, ${Math.floor(sizes.totalThings / 100)}::int) as i, generate_series(0, 9) as k`);

  await db.query(sql.raw(fillSearchWordsSql));
  await db.query(sql.raw(fillSearchVocabularySql));
  await db.query(sql`alter table things enable trigger things_search_words`);
  await db.query(sql`alter table properties enable trigger properties_words_insert`);
  // The words were written over every thing once; the copy keeps the table as compact as a
  // plain load would be.
  await db.query(sql`vacuum full things`);

  for (const index of indexes) await db.query(sql`${sql.raw(index.definition)}`);
  // A running instance is kept vacuumed by autovacuum. Straight after a bulk load the
  // visibility map is empty, so index-only scans still read the heap pages.
  await db.query(sql`vacuum analyze`);
}
