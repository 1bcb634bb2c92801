import type { Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { listVisible, thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { thingQuantity } from "./quantity-ledger.ts";
import { reducedThingJson } from "./reduced-thing.ts";
import { actionsFor, type PropertyJson, type SharingState, type Thing } from "./thing-json.ts";

/** RFC 3339 text in UTC with milliseconds, as `Date.toISOString` writes it. */
export function utcMillisecondsText(expression: SqlFragment): SqlFragment {
  return sql`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

interface PropertyRow {
  type: "string" | "float" | "datetime";
  name: string;
  valueString: string | null;
  valueFloat: number | null;
  /** UTC wall-clock time with microseconds and no zone, e.g. `2024-05-01T07:00:00.000000`. */
  valueDatetime: string | null;
  unit: string | null;
}

interface ImageRow {
  id: string;
  name: string;
  mime: string;
  createdAt: string;
  ownerId: string;
  ownerName: string;
  hash: string;
  thumbhash: string | null;
  width: number | null;
  height: number | null;
}

interface ListRow {
  id: string;
  name: string;
  createdAt: string;
  ownerId: string;
  ownerName: string;
}

interface ShareRow {
  id: string;
  ownerId: string;
  ownerName: string;
  targetId: string;
  targetName: string;
}

export interface ThingRow {
  id: string;
  name: string;
  description: string;
  private_note: string;
  created_at: Date;
  owner_id: string;
  owner_name: string;
  sharing_state: SharingState;
  quantity_unit: string;
  quantity: number;
  properties: PropertyRow[] | string;
  images: ImageRow[] | string;
  lists: ListRow[] | string;
  shares: ShareRow[] | string;
}

/**
 * Load full Things for `viewerId`, in the order of `thingIds`. Ids the viewer may not see, and
 * ids of no thing, are left out without an error. A repeated id appears once, at its first
 * position. A non-owner gets no private note, sharing state or shares, all-false actions, and
 * only the lists they may see.
 *
 * Always one statement, whatever the number of ids: properties, images, lists, shares and the
 * quantity are correlated subqueries aggregated to JSON, each an index lookup per thing.
 */
export async function loadThings(db: Queryable, viewerId: string, thingIds: string[]): Promise<Thing[]> {
  const ids = [...new Set(thingIds)];
  if (ids.length === 0) return [];

  const requested = sql`select * from unnest(${ids}::text[]) with ordinality`;
  const rows = await db.query<ThingRow>(sql`
    with ${visibilityCtes(viewerId)},
    ${thingRowsStatement(viewerId, requested, { checkVisibility: true })}`);
  return thingsFromRows(rows, viewerId);
}

/**
 * Build the rest of a statement after `with <visibilityCtes>,`: a select of the rows that
 * `thingsFromRows` converts into Things, for the ids `requested` returns as `(id, position)`,
 * in that order.
 * With `checkVisibility` false the caller must have selected visible ids in the same
 * statement. `extraColumns` come first in every row.
 */
export function thingRowsStatement(
  viewerId: string,
  requested: SqlFragment,
  options: { checkVisibility: boolean; extraColumns?: SqlFragment },
): SqlFragment {
  return sql`
    requested (id, position) as (${requested})
    select ${options.extraColumns ? sql`${options.extraColumns},` : sql.empty}
      t.id, t.name, t.description, t.private_note, t.created_at, t.owner_id, owner.name as owner_name,
      t.sharing_state, t.quantity_unit, ${thingQuantity("t")} as quantity,
      (select coalesce(json_agg(json_build_object(
          'type', p.type, 'name', p.name, 'valueString', p.value_string, 'valueFloat', p.value_float,
          'valueDatetime', to_char(p.value_datetime at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          'unit', p.unit
        ) order by p.pos, p.created_at, p.id), '[]'::json)
        from properties p where p.thing_id = t.id) as properties,
      (select coalesce(json_agg(json_build_object(
          'id', i.id, 'name', i.name, 'mime', i.mime, 'createdAt', ${utcMillisecondsText(sql`i.created_at`)},
          'ownerId', i.owner_id, 'ownerName', image_owner.name, 'hash', i.hash,
          'thumbhash', i.thumbhash, 'width', i.width, 'height', i.height
        ) order by it.pos, it.image_id), '[]'::json)
        from images_things it
        join images i on i.id = it.image_id
        join users image_owner on image_owner.id = i.owner_id
        where it.thing_id = t.id) as images,
      (select coalesce(json_agg(json_build_object(
          'id', l.id, 'name', l.name, 'createdAt', ${utcMillisecondsText(sql`l.created_at`)},
          'ownerId', l.owner_id, 'ownerName', list_owner.name
        ) order by l.created_at, l.id), '[]'::json)
        from lists_things lt
        join lists l on l.id = lt.list_id
        join users list_owner on list_owner.id = l.owner_id
        where lt.thing_id = t.id and (t.owner_id = ${viewerId} or ${listVisible(viewerId, "l")})) as lists,
      (select coalesce(json_agg(json_build_object(
          'id', s.id, 'ownerId', s.owner_id, 'ownerName', share_owner.name,
          'targetId', s.target_user_id, 'targetName', target.name
        ) order by s.created_at, s.id), '[]'::json)
        from shares s
        join users share_owner on share_owner.id = s.owner_id
        join users target on target.id = s.target_user_id
        where s.thing_id = t.id and t.owner_id = ${viewerId}) as shares
    from requested r
    join things t on t.id = r.id
    join users owner on owner.id = t.owner_id
    ${options.checkVisibility ? sql`where ${thingVisible(viewerId, "t")}` : sql.empty}
    order by r.position`;
}

/** Convert rows of `thingRowsStatement` into Things for `viewerId`. */
export function thingsFromRows(rows: ThingRow[], viewerId: string): Thing[] {
  return rows.map((row) => thingJson(row, viewerId));
}

function parsedJson<Item>(value: Item[] | string): Item[] {
  return typeof value === "string" ? (JSON.parse(value) as Item[]) : value;
}

function thingJson(row: ThingRow, viewerId: string): Thing {
  const isOwner = row.owner_id === viewerId;
  return {
    ...reducedThingJson(row, viewerId),
    lists: parsedJson(row.lists).map((list) => ({
      id: list.id,
      name: list.name,
      createdAt: list.createdAt,
      owner: { id: list.ownerId, name: list.ownerName },
      actions: actionsFor(list.ownerId, viewerId),
    })),
    images: parsedJson(row.images).map((image) => ({
      id: image.id,
      name: image.name,
      mime: image.mime,
      createdAt: image.createdAt,
      owner: { id: image.ownerId, name: image.ownerName },
      hash: image.hash,
      thumbhash: image.thumbhash,
      width: image.width,
      height: image.height,
    })),
    properties: parsedJson(row.properties).map(propertyJson),
    shares: parsedJson(row.shares).map((share) => ({
      id: share.id,
      owner: { id: share.ownerId, name: share.ownerName },
      targetUser: { id: share.targetId, name: share.targetName },
    })),
    sharingState: isOwner ? row.sharing_state : null,
    actions: actionsFor(row.owner_id, viewerId),
    quantityUnit: row.quantity_unit,
  };
}

function propertyJson(row: PropertyRow): PropertyJson {
  switch (row.type) {
    case "string":
      return { type: "string", name: row.name, value: row.valueString ?? "" };
    case "float":
      return { type: "float", name: row.name, value: Number(row.valueFloat), unit: row.unit };
    case "datetime":
      return { type: "datetime", name: row.name, value: datetimeJson(row.valueDatetime ?? "") };
  }
}

/**
 * Format the stored instant in UTC with a `Z`. Microseconds are kept so that a value reads back
 * exactly as it was written, and shortened to milliseconds when the last three digits are 0.
 */
function datetimeJson(utcText: string): string {
  return `${utcText.replace(/(\.\d{3})000$/, "$1")}Z`;
}
