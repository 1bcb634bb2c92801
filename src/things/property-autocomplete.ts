import type { Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { escapeLike } from "./like-pattern.ts";

export const maxCompletions = 20;

export type CompletionRequest =
  | { completionType: "name"; namePrefix: string }
  | { completionType: "value"; propertyName: string; valuePrefix: string }
  | { completionType: "unit"; propertyName: string; unitPrefix: string };

export interface Completions {
  completionType: "name" | "value" | "unit";
  values: string[];
}

function startsWith(column: SqlFragment, prefix: string): SqlFragment {
  return sql`lower(${column}) like lower(${escapeLike(prefix)}) || '%'`;
}

/** The column to complete and the conditions on the property rows, for each kind of completion. */
function completionQuery(request: CompletionRequest): { column: SqlFragment; conditions: SqlFragment } {
  switch (request.completionType) {
    case "name":
      return { column: sql`p.name`, conditions: startsWith(sql`p.name`, request.namePrefix) };
    case "value":
      return {
        column: sql`p.value_string`,
        conditions: sql`p.type = 'string' and lower(p.name) = lower(${request.propertyName})
          and ${startsWith(sql`p.value_string`, request.valuePrefix)}`,
      };
    case "unit":
      return {
        column: sql`p.unit`,
        conditions: sql`p.type = 'float' and lower(p.name) = lower(${request.propertyName}) and p.unit is not null
          and ${startsWith(sql`p.unit`, request.unitPrefix)}`,
      };
  }
}

/**
 * Suggest property names, string values of one property, or units of one float property,
 * from the properties of things `viewerId` may see. Matching is a case-insensitive prefix with
 * LIKE wildcards escaped; spellings that differ only in case count as one suggestion, shown in
 * its most used spelling. At most `maxCompletions`, the most used first, then alphabetically.
 */
export async function completeProperty(db: Queryable, viewerId: string, request: CompletionRequest): Promise<Completions> {
  const { column, conditions } = completionQuery(request);
  const rows = await db.query<{ value: string }>(sql`
    with ${visibilityCtes(viewerId)}
    select mode() within group (order by ${column}) as value, count(*)::int as uses
    from properties p
    join things t on t.id = p.thing_id
    where ${thingVisible(viewerId, "t")} and ${conditions}
    group by lower(${column})
    order by uses desc, value
    limit ${maxCompletions}`);
  return { completionType: request.completionType, values: rows.map((row) => row.value) };
}
