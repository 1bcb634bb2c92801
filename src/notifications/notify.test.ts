import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser } from "../testing/users.ts";
import { notify } from "./notify.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe("notify", () => {
  test("stores content as a JSON object", async () => {
    const actor = await createTestUser(t);
    const recipient = await createTestUser(t);
    await t.db.transaction((tx) =>
      notify(tx, { recipients: [recipient.id], actorId: actor.id, payload: { contentType: "THING_SHARED", content: { thingId: "t1", sharerId: actor.id } } }),
    );
    const [row] = await t.db.query<{ kind: string; sharer: string }>(sql`
      select jsonb_typeof(content) as kind, content->>'sharerId' as sharer from notifications where recipient_id = ${recipient.id}`);
    expect(row?.kind).toBe("object");
    expect(row?.sharer).toBe(actor.id);
  });
});
