import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";

// On PostgreSQL the requests of each `Promise.all` run in separate sessions at the same time;
// PGlite has one session, so there they interleave only between statements.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const rounds = 15;

function send(from: TestUser, to: TestUser) {
  return t.request("POST", "/api/friend_requests", { cookie: from.cookie, body: { receiverId: to.id } });
}

function answer(as: TestUser, requestId: string, accept: boolean) {
  return t.request("PATCH", `/api/friend_requests/${requestId}`, { cookie: as.cookie, body: { accept } });
}

async function pairRows(a: TestUser, b: TestUser) {
  const [row] = await t.db.query<{ friendships: number; pending: number }>(sql`
    select
      (select count(*)::int from friendships
        where (friend1_id = ${a.id} and friend2_id = ${b.id}) or (friend1_id = ${b.id} and friend2_id = ${a.id})) as friendships,
      (select count(*)::int from friend_requests
        where state = 'pending'
          and ((sender_id = ${a.id} and receiver_id = ${b.id}) or (sender_id = ${b.id} and receiver_id = ${a.id}))) as pending`);
  return row;
}

describe("concurrent friend requests", () => {
  test("crossing requests end in one friendship", async () => {
    for (let round = 0; round < rounds; round += 1) {
      const alice = await createTestUser(t);
      const bob = await createTestUser(t);

      const responses = await Promise.all([send(alice, bob), send(bob, alice)]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 201]);
      expect(await pairRows(alice, bob)).toEqual({ friendships: 1, pending: 0 });
    }
  });

  test("duplicate requests leave one pending", async () => {
    for (let round = 0; round < rounds; round += 1) {
      const alice = await createTestUser(t);
      const bob = await createTestUser(t);

      const responses = await Promise.all([send(alice, bob), send(alice, bob)]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(await pairRows(alice, bob)).toEqual({ friendships: 0, pending: 1 });
    }
  });

  test("double accept makes one friendship and one 409", async () => {
    for (let round = 0; round < rounds; round += 1) {
      const alice = await createTestUser(t);
      const bob = await createTestUser(t);
      const request = await expectResponse<{ id: string }>(await send(alice, bob), 201);

      const responses = await Promise.all([answer(bob, request.id, true), answer(bob, request.id, true)]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect(await pairRows(alice, bob)).toEqual({ friendships: 1, pending: 0 });
      const reactions = await t.db.query(sql`
        select 1 from notifications where recipient_id = ${alice.id} and content_type = 'FRIEND_REQUEST_REACTION'`);
      expect(reactions).toHaveLength(1);
    }
  });

  test("accept racing a crossing request makes one friendship", async () => {
    for (let round = 0; round < rounds; round += 1) {
      const alice = await createTestUser(t);
      const bob = await createTestUser(t);
      const request = await expectResponse<{ id: string }>(await send(alice, bob), 201);

      const responses = await Promise.all([answer(bob, request.id, true), send(bob, alice)]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect(await pairRows(alice, bob)).toEqual({ friendships: 1, pending: 0 });
    }
  });
});
