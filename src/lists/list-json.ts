import { sql } from "../db/sql.ts";
import type { SharingState } from "./list-input.ts";
import type { Actions, ReducedShareJson, Thing, UserJson } from "../things/thing-json.ts";

/** One page of a list's things, as `thingsPage` in a List response. */
export interface ThingsPage {
  page: number;
  perPage: number;
  totalCount: number;
  totalPageCount: number;
}

/**
 * A list as the API returns it. `things` is a bounded slice of the members: the first four
 * in the index and in search (enough for the card's collage), one page with `thingsPage` in
 * the show and write responses. `thingCount` is the number of all members.
 */
export interface ListJson {
  id: string;
  name: string;
  createdAt: string;
  owner: UserJson;
  things: Thing[];
  thingCount: number;
  thingsPage?: ThingsPage;
  actions: Actions;
  shares: ReducedShareJson[];
  sharingState: SharingState | null;
}

/** A `lists` row with its owner's name, as every list query selects it. */
export interface ListRow {
  id: string;
  name: string;
  created_at: Date;
  sharing_state: SharingState;
  owner_id: string;
  owner_name: string;
}

/** The columns of `ListRow`, for a query over `lists l join users u on u.id = l.owner_id`. */
export const listRowColumns = sql`l.id, l.name, l.created_at, l.sharing_state, l.owner_id, u.name as owner_name`;

/** Render a list for the viewer: owner-only fields are null or empty for everyone else. */
export function listJson(
  row: ListRow,
  viewerId: string,
  members: { things: Thing[]; thingCount: number; thingsPage?: ThingsPage },
  shares: ReducedShareJson[],
): ListJson {
  const owned = row.owner_id === viewerId;
  const json: ListJson = {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    owner: { id: row.owner_id, name: row.owner_name },
    things: members.things,
    thingCount: members.thingCount,
    actions: { canEdit: owned, canDelete: owned, canShare: owned },
    shares: owned ? shares : [],
    sharingState: owned ? row.sharing_state : null,
  };
  if (members.thingsPage) json.thingsPage = members.thingsPage;
  return json;
}
