import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { notFound } from "../http/errors.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";

export interface CartThing {
  id: string;
  name: string;
  owner: { id: string; name: string };
  quantity: number;
  quantityUnit: string;
  /** The thing's first photo, for the cart row; null when it has none. */
  image: { id: string; hash: string; thumbhash: string | null; width: number | null; height: number | null } | null;
}

export interface CartEntry {
  createdAt: Date;
  thingId: string;
  ownerId: string;
  /** Enough of the thing to draw a cart row, so clients need no request per entry. */
  thing: CartThing;
}

/**
 * The viewer's cart, newest first. Entries for things the viewer can no longer see (unfriended,
 * sharing lowered, share removed) are left out here, so they vanish on the very next request
 * whatever changed; `pruneCart` deletes them for good when the cart is written.
 */
export async function listCartEntries(db: Queryable, viewerId: string): Promise<CartEntry[]> {
  return db.query<CartEntry>(sql`
    with ${visibilityCtes(viewerId)}
    select c.created_at as "createdAt", c.thing_id as "thingId", t.owner_id as "ownerId",
      json_build_object(
        'id', t.id,
        'name', t.name,
        'owner', json_build_object('id', owner.id, 'name', owner.name),
        'quantity', coalesce((select sum(q.delta_value) from quantity_entries q where q.thing_id = t.id), 0),
        'quantityUnit', t.quantity_unit,
        'image', (
          select json_build_object('id', i.id, 'hash', i.hash, 'thumbhash', i.thumbhash, 'width', i.width, 'height', i.height)
          from images_things it join images i on i.id = it.image_id
          where it.thing_id = t.id
          order by it.pos, i.id
          limit 1
        )
      ) as thing
    from cart_entries c
    join things t on t.id = c.thing_id
    join users owner on owner.id = t.owner_id
    where c.user_id = ${viewerId} and ${thingVisible(viewerId, "t")}
    order by c.created_at desc, c.thing_id`);
}

/** Delete the user's cart entries for things they can no longer see. */
export async function pruneCart(tx: Queryable, userId: string): Promise<void> {
  await tx.query(sql`
    with ${visibilityCtes(userId)}
    delete from cart_entries c
    using things t
    where c.user_id = ${userId} and t.id = c.thing_id and not ${thingVisible(userId, "t")}`);
}

/** Throw 404 naming the first of `thingIds` the viewer cannot see (unknown ids included). */
async function requireVisibleThings(tx: Queryable, viewerId: string, thingIds: readonly string[]): Promise<void> {
  if (thingIds.length === 0) return;
  const visible = await tx.query<{ id: string }>(sql`
    with ${visibilityCtes(viewerId)}
    select t.id from things t
    where t.id = any(${[...thingIds]}::text[]) and ${thingVisible(viewerId, "t")}`);
  const found = new Set(visible.map((row) => row.id));
  const missing = thingIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`Thing ${missing}`);
}

/**
 * Make the cart hold exactly `thingIds` (duplicates collapse). Entries that stay keep their
 * original time. All ids are checked first, so a bad one changes nothing.
 */
export async function replaceCart(tx: Queryable, viewerId: string, thingIds: readonly string[]): Promise<void> {
  const unique = [...new Set(thingIds)];
  await requireVisibleThings(tx, viewerId, unique);
  await tx.query(sql`delete from cart_entries where user_id = ${viewerId} and not (thing_id = any(${unique}::text[]))`);
  await tx.query(sql`
    insert into cart_entries (user_id, thing_id)
    select ${viewerId}, id from unnest(${unique}::text[]) as ids (id)
    on conflict (user_id, thing_id) do nothing`);
}

/** Add one thing; adding it again keeps the first time. */
export async function addCartItem(tx: Queryable, viewerId: string, thingId: string): Promise<void> {
  await requireVisibleThings(tx, viewerId, [thingId]);
  await tx.query(sql`
    insert into cart_entries (user_id, thing_id) values (${viewerId}, ${thingId})
    on conflict (user_id, thing_id) do nothing`);
}

/** Remove one thing; removing something that is not in the cart is not an error. */
export async function removeCartItem(tx: Queryable, viewerId: string, thingId: string): Promise<void> {
  await tx.query(sql`delete from cart_entries where user_id = ${viewerId} and thing_id = ${thingId}`);
}
