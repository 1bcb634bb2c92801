import { sql, type SqlFragment } from "../db/sql.ts";
import { visibilityCtes } from "../shares/visibility.ts";

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
 * Compute the relation of each listed user to the viewer. A pending request ranks above a
 * friend of a friend, because the button it needs (accept, cancel) matters more.
 *
 * A listed user is a friend of a friend when one of their friends is the viewer's friend,
 * which is one lookup in the friendships' pair index per friend of the listed user. Reading
 * the viewer's whole friends-of-friends set instead would build that set first, and for a
 * viewer with thousands of friends that set has hundreds of thousands of rows, while a page
 * lists at most 200 users.
 */
function listedUserRelationCtes(viewerId: string): SqlFragment {
  return sql`
    listed_friends_of_friends (id) as (
      select distinct l.id
      from listed l
      cross join lateral (
        select friend2_id as friend_id from friendships where friend1_id = l.id
        union all
        select friend1_id from friendships where friend2_id = l.id
      ) listed_friend
      join friendships common
        on least(common.friend1_id, common.friend2_id) = least(listed_friend.friend_id, ${viewerId}::text)
        and greatest(common.friend1_id, common.friend2_id) = greatest(listed_friend.friend_id, ${viewerId}::text)
    ),
    listed_with_relation as materialized (
      select listed.*, case
        when listed.id = ${viewerId} then 'self'
        when listed.id in (select id from viewer_friends) then 'friend'
        when listed.id in (
          select receiver_id from friend_requests where state = 'pending' and sender_id = ${viewerId}
        ) then 'request-sent'
        when listed.id in (
          select sender_id from friend_requests where state = 'pending' and receiver_id = ${viewerId}
        ) then 'request-received'
        when listed.id in (select id from listed_friends_of_friends) then 'friend-of-friend'
        else 'none'
      end as relation
      from listed
    )`;
}

/**
 * Build a statement that returns directory entries for the users selected by `listed` (a
 * query with `id` and `name` columns and any others `orderBy` needs), ordered by `orderBy`
 * over the alias `u`. Every column of `listed` is returned too.
 *
 * The profile card is joined only where the relation is not `none`, so a stranger's card never
 * leaves the database. That is the rule of `profileVisible` in the sharing module (self,
 * friends, friends of friends, pending requests), computed per listed user. A test checks that
 * both give the same answers.
 */
export function directoryEntriesStatement(viewerId: string, listed: SqlFragment, orderBy: SqlFragment): SqlFragment {
  // Materialized, so the page is chosen before anything runs per user, and each relation is
  // computed once although the join and the select list both read it.
  return sql`
    with ${visibilityCtes(viewerId)},
    listed as materialized (${listed}),
    ${listedUserRelationCtes(viewerId)}
    select u.*,
      profile.full_name, profile.information,
      image.id as image_id, image.name as image_name, image.mime as image_mime,
      image.created_at as image_created_at, image.hash as image_hash,
      image.thumbhash as image_thumbhash, image.width as image_width, image.height as image_height,
      image_owner.id as image_owner_id, image_owner.name as image_owner_name
    from listed_with_relation u
    left join profiles profile on profile.user_id = u.id and u.relation <> 'none'
    left join images image on image.id = profile.image_id
    left join users image_owner on image_owner.id = image.owner_id
    order by ${orderBy}`;
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
