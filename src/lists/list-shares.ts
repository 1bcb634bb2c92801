import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { ReducedShareJson } from "../things/thing-json.ts";

interface ShareRow {
  id: string;
  list_id: string;
  owner_id: string;
  owner_name: string;
  target_user_id: string;
  target_name: string;
}

/**
 * Load the direct shares of the given lists, grouped by list id, oldest first. Callers pass
 * only lists the viewer owns: nobody else sees a list's shares.
 */
export async function loadSharesOfLists(db: Queryable, listIds: string[]): Promise<Map<string, ReducedShareJson[]>> {
  const byList = new Map<string, ReducedShareJson[]>();
  if (listIds.length === 0) return byList;
  const rows = await db.query<ShareRow>(sql`
    select s.id, s.list_id, s.owner_id, owner.name as owner_name, s.target_user_id, target.name as target_name
    from shares s
    join users owner on owner.id = s.owner_id
    join users target on target.id = s.target_user_id
    where s.list_id = any(${listIds}::text[])
    order by s.created_at, s.id`);
  for (const row of rows) {
    const share: ReducedShareJson = {
      id: row.id,
      owner: { id: row.owner_id, name: row.owner_name },
      targetUser: { id: row.target_user_id, name: row.target_name },
    };
    const shares = byList.get(row.list_id) ?? [];
    shares.push(share);
    byList.set(row.list_id, shares);
  }
  return byList;
}
