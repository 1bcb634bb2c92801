import { sql, type SqlFragment } from "../db/sql.ts";
import { profileVisible } from "../shares/visibility.ts";

/** The relation of a listed user to the viewer, which decides the button the web app offers. */
export type UserRelation = "self" | "friend" | "friend-of-friend" | "request-sent" | "request-received" | "none";

/** A profile picture, in the shape the original gives images, with the owner filled in. */
export interface ProfileImageJson {
  id: string;
  name: string;
  mime: string;
  createdAt: string;
  owner: { id: string; name: string };
  hash: string;
  thumbhash: string | null;
  width: number | null;
  height: number | null;
}

/**
 * One user of the directory. `fullName`, `information` and `image` are null unless the viewer
 * may see the whole profile card. The keys are always present, so clients need no second shape.
 */
export interface DirectoryEntryJson {
  id: string;
  name: string;
  fullName: string | null;
  information: string | null;
  image: ProfileImageJson | null;
  relation: UserRelation;
}

export interface DirectoryEntryRow {
  id: string;
  name: string;
  relation: UserRelation;
  full_name: string | null;
  information: string | null;
  image_id: string | null;
  image_name: string | null;
  image_mime: string | null;
  image_created_at: Date | null;
  image_owner_id: string | null;
  image_owner_name: string | null;
  image_hash: string | null;
  image_thumbhash: string | null;
  image_width: number | null;
  image_height: number | null;
}

/**
 * Compute the relation of the user with id `userColumn` to the viewer. A pending request
 * ranks above a friend of a friend, because the button it needs (accept, cancel) matters more.
 * Needs `visibilityCtes(viewerId)`.
 */
function relationToViewer(viewerId: string, userColumn: string): SqlFragment {
  const user = sql.raw(userColumn);
  return sql`case
    when ${user} = ${viewerId} then 'self'
    when ${user} in (select id from viewer_friends) then 'friend'
    when exists (
      select 1 from friend_requests fr
      where fr.state = 'pending' and fr.sender_id = ${viewerId} and fr.receiver_id = ${user}
    ) then 'request-sent'
    when exists (
      select 1 from friend_requests fr
      where fr.state = 'pending' and fr.sender_id = ${user} and fr.receiver_id = ${viewerId}
    ) then 'request-received'
    when ${user} in (select id from viewer_common_friend_owners) then 'friend-of-friend'
    else 'none'
  end`;
}

/**
 * Select directory entries for the users in `source` (a CTE name of our code with `id` and
 * `name` columns), plus `extraColumns` (each preceded by a comma) taken from `u`, the source. The profile card is joined only
 * where `profileVisible` allows it, so a stranger's card never leaves the database. Needs
 * `visibilityCtes(viewerId)` in the statement's WITH clause.
 */
export function selectDirectoryEntries(viewerId: string, source: string, extraColumns: SqlFragment = sql.empty): SqlFragment {
  return sql`
    select u.id, u.name, access.relation,
      profile.full_name, profile.information,
      image.id as image_id, image.name as image_name, image.mime as image_mime,
      image.created_at as image_created_at, image.hash as image_hash,
      image.thumbhash as image_thumbhash, image.width as image_width, image.height as image_height,
      image_owner.id as image_owner_id, image_owner.name as image_owner_name
      ${extraColumns}
    from ${sql.raw(source)} u
    cross join lateral (
      select ${relationToViewer(viewerId, "u.id")} as relation, ${profileVisible(viewerId, "u.id")} as card_visible
    ) access
    left join profiles profile on profile.user_id = u.id and access.card_visible
    left join images image on image.id = profile.image_id
    left join users image_owner on image_owner.id = image.owner_id`;
}

export function toDirectoryEntryJson(row: DirectoryEntryRow): DirectoryEntryJson {
  const image: ProfileImageJson | null =
    row.image_id === null
      ? null
      : {
          id: row.image_id,
          name: row.image_name!,
          mime: row.image_mime!,
          createdAt: row.image_created_at!.toISOString(),
          owner: { id: row.image_owner_id!, name: row.image_owner_name! },
          hash: row.image_hash!,
          thumbhash: row.image_thumbhash,
          width: row.image_width,
          height: row.image_height,
        };
  return {
    id: row.id,
    name: row.name,
    fullName: row.full_name,
    information: row.information,
    image,
    relation: row.relation,
  };
}
