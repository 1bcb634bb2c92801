import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp } from "../testing/app.ts";
import { accessCases, routesOutsideTheMatrix } from "./access-matrix/cases.ts";
import { cellsOf, checkCell, type SharedAnswers } from "./access-matrix/cells.ts";
import { buildWorld, initialAudiences, type World } from "./access-matrix/world.ts";

// Who may see and change what, for every endpoint that returns or changes a thing, list,
// picture, share, notification or cart entry. The roles are the owner, a friend, a friend of a
// friend, a stranger, the target of a direct share and an anonymous caller. The table of
// endpoints is in access-matrix/cases.ts, the objects and their audiences in world.ts.

const audiences = initialAudiences();
const shared: SharedAnswers = new Map();
let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

describe("access matrix", () => {
  for (const cell of cellsOf(accessCases, audiences)) {
    test(cell.name, () => checkCell(world, audiences, cell, shared));
  }
});

describe("notifications of the world", () => {
  // After the matrix ran: the world's own actions plus every write the cells made.
  test("no notification reaches its actor", async () => {
    const userIds = Object.values(world.users).map((user) => user.id);
    const rows = await world.t.db.query<{ content_type: string; recipient_id: string; actor_id: string | null }>(sql`
      select n.content_type, n.recipient_id,
        case n.content_type
          when 'FRIEND_REQUEST' then n.content ->> 'senderId'
          when 'FRIEND_REQUEST_REACTION' then request.receiver_id
          when 'THINGS_ADDED_TO_LIST' then n.content ->> 'addedById'
          else n.content ->> 'sharerId'
        end as actor_id
      from notifications n
      left join friend_requests request on request.id = n.content ->> 'requestId'
      where n.recipient_id = any(${userIds}::text[])`);

    expect(new Set(rows.map((row) => row.content_type))).toEqual(
      new Set(["FRIEND_REQUEST", "FRIEND_REQUEST_REACTION", "THING_SHARED", "LIST_SHARED", "THINGS_ADDED_TO_LIST"]),
    );
    expect(rows.filter((row) => row.actor_id === null)).toEqual([]);
    expect(rows.filter((row) => row.actor_id === row.recipient_id)).toEqual([]);
  });
});

describe("access matrix coverage", () => {
  test("every API route is in the table or excluded", async () => {
    const t = await createTestApp();
    const mounted = new Set(
      t.app.routes
        .filter((route) => route.method !== "ALL" && /^\/(api|assets)\//.test(route.path))
        .map((route) => `${route.method} ${route.path}`),
    );
    const named = new Set([...accessCases.map((row) => row.route), ...Object.keys(routesOutsideTheMatrix)]);

    expect([...mounted].filter((route) => !named.has(route))).toEqual([]);
    expect([...named].filter((route) => !mounted.has(route))).toEqual([]);
  });
});
