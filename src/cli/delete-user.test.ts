import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { silentLogger } from "../log/logger.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import type { CommandIo } from "./command-io.ts";
import { deleteUser, type DeleteUserOptions } from "./delete-user.ts";

let t: TestApp;
let imageStorePath: string;
beforeAll(async () => {
  imageStorePath = await mkdtemp(join(tmpdir(), "stashsphere-delete-user-"));
  t = await createTestApp((config) => {
    config.image.path = imageStorePath;
  });
});

/** Make a terminal (or pipe) that answers every question with `answer` and records the output. */
function fakeIo(isTerminal: boolean, answer: string | null = null) {
  const io = {
    questions: [] as string[],
    output: [] as string[],
    errors: [] as string[],
    isTerminal,
    ask(question: string) {
      io.questions.push(question);
      return answer;
    },
    print: (line: string) => void io.output.push(line),
    printError: (line: string) => void io.errors.push(line),
  } satisfies CommandIo & Record<string, unknown>;
  return io;
}

function run(target: string, options: DeleteUserOptions, io: CommandIo) {
  return deleteUser({ db: t.db, log: silentLogger, clock: t.clock, config: t.config }, target, options, io);
}

async function exists(user: TestUser): Promise<boolean> {
  return (await t.db.query(sql`select 1 from users where id = ${user.id}`)).length === 1;
}

async function giveThingsAndImage(user: TestUser): Promise<string> {
  // Shaped like a content hash (52 base32 letters), or the store refuses to touch it.
  const hash = `DELETEUSERTEST${newId().toUpperCase().replace(/[^A-Z]/g, "A")}`.padEnd(52, "A");
  await writeFile(join(imageStorePath, hash), "image");
  await t.db.query(sql`insert into things (id, name, owner_id) values (${newId()}, 'a', ${user.id}), (${newId()}, 'b', ${user.id})`);
  await t.db.query(sql`insert into lists (id, name, owner_id) values (${newId()}, 'l', ${user.id})`);
  await t.db.query(sql`insert into images (id, name, mime, hash, owner_id) values (${newId()}, 'i.jpg', 'image/jpeg', ${hash}, ${user.id})`);
  return hash;
}

describe("delete-user", () => {
  test("--yes deletes at once and prints counts", async () => {
    const user = await createTestUser(t, { name: "Gone" });
    const hash = await giveThingsAndImage(user);
    const io = fakeIo(false);
    expect(await run(user.email, { yes: true }, io)).toBe(0);
    expect(io.output).toEqual([`Deleted user "Gone" (${user.email}): 2 things, 1 lists, 1 images; 1 image files removed from the store`]);
    expect(await exists(user)).toBe(false);
    expect(existsSync(join(imageStorePath, hash))).toBe(false);
  });

  test("finds the user by id and by e-mail in any case", async () => {
    const byId = await createTestUser(t);
    expect(await run(byId.id, { yes: true }, fakeIo(false))).toBe(0);
    expect(await exists(byId)).toBe(false);

    const byEmail = await createTestUser(t);
    expect(await run(byEmail.email.toUpperCase(), { yes: true }, fakeIo(false))).toBe(0);
    expect(await exists(byEmail)).toBe(false);
  });

  test("unknown user fails with the original's wording", async () => {
    const io = fakeIo(false);
    expect(await run("nobody@example.test", { yes: true }, io)).toBe(1);
    expect(io.errors).toEqual(['stashsphere: user with email "nobody@example.test" not found']);
    const byId = fakeIo(false);
    expect(await run("no-such-id", { yes: true }, byId)).toBe(1);
    expect(byId.errors).toEqual(['stashsphere: user with ID "no-such-id" not found']);
  });

  test("without --yes and without a terminal nothing happens", async () => {
    const user = await createTestUser(t);
    const io = fakeIo(false, "y");
    expect(await run(user.email, { yes: false }, io)).toBe(1);
    expect(io.questions).toEqual([]);
    expect(io.errors[0]).toContain("pass --yes");
    expect(await exists(user)).toBe(true);
  });

  test("terminal answer y deletes", async () => {
    const user = await createTestUser(t, { name: "Asked" });
    const io = fakeIo(true, " Y ");
    expect(await run(user.email, { yes: false }, io)).toBe(0);
    expect(io.questions).toEqual([`Delete user "Asked" (${user.email}) and everything they own? [y/N] `]);
    expect(await exists(user)).toBe(false);
  });

  test("terminal answer other than yes aborts", async () => {
    const user = await createTestUser(t);
    for (const answer of ["", "n", "no", "yess"]) {
      const io = fakeIo(true, answer);
      expect(await run(user.email, { yes: false }, io)).toBe(0);
      expect(io.output).toEqual(["Aborted."]);
    }
    expect(await exists(user)).toBe(true);
  });

  test("end of input at the question fails", async () => {
    const user = await createTestUser(t);
    const io = fakeIo(true, null);
    expect(await run(user.email, { yes: false }, io)).toBe(1);
    expect(await exists(user)).toBe(true);
  });

  test("--minutes schedules instead of deleting", async () => {
    const user = await createTestUser(t, { name: "Later" });
    const io = fakeIo(false);
    expect(await run(user.email, { yes: true, minutes: 15 }, io)).toBe(0);
    const expected = new Date(t.clock.now().getTime() + 15 * 60_000);
    expect(io.output[0]).toStartWith(`User "Later" (${user.email}) scheduled for deletion at ${expected.toISOString()}`);
    const [row] = await t.db.query<{ purge_at: Date }>(sql`select purge_at from users where id = ${user.id}`);
    expect(row?.purge_at.getTime()).toBe(expected.getTime());
  });

  test("negative --minutes overwrites a schedule with a past time", async () => {
    const user = await createTestUser(t);
    await run(user.email, { yes: true, minutes: 60 }, fakeIo(false));
    expect(await run(user.email, { yes: true, minutes: -5 }, fakeIo(false))).toBe(0);
    const [row] = await t.db.query<{ purge_at: Date }>(sql`select purge_at from users where id = ${user.id}`);
    expect(row?.purge_at.getTime()).toBe(t.clock.now().getTime() - 5 * 60_000);
  });

  test("question names the delay with --minutes", async () => {
    const user = await createTestUser(t, { name: "Asked" });
    const io = fakeIo(true, "n");
    await run(user.email, { yes: false, minutes: 30 }, io);
    expect(io.questions).toEqual([`Delete user "Asked" (${user.email}) and everything they own in 30 minutes? [y/N] `]);
  });
});
