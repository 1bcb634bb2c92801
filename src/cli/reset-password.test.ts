import { describe, expect, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { verifyPassword } from "../auth/password-hashing.ts";
import { queryOne } from "../db/database.ts";
import { openEmbedded } from "../db/embedded.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";

const mainPath = resolve(import.meta.dir, "../main.ts");

// The command always runs on an embedded database in a directory of its own, so one backend
// suite is enough. The domain function beside it is tested on both backends.
const skip = process.env.STASHSPHERE_TEST_DB !== "embedded";

async function run(stateDirectory: string, args: string[], stdin?: string) {
  const child = Bun.spawn([process.execPath, mainPath, ...args], {
    cwd: stateDirectory,
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), STATE_DIRECTORY: stateDirectory },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

async function withDatabase<Result>(stateDirectory: string, work: (db: Awaited<ReturnType<typeof openEmbedded>>) => Promise<Result>): Promise<Result> {
  const db = await openEmbedded({ dataDir: join(stateDirectory, "database") });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

describe.skipIf(skip)("stashsphere resetpassword", () => {
  test("sets generated and piped passwords on the embedded database", async () => {
    const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-reset-"));
    await withDatabase(stateDirectory, async (db) => {
      await migrate(db);
      await db.query(sql`insert into users (id, name, email, password_hash) values ('cli-user-0000000000001', 'Olga', 'Olga@Example.test', null)`);
    });

    const generated = await run(stateDirectory, ["resetpassword", "-g", "olga@example.test"]);
    const generatedPassword = generated.stdout.trim();
    const afterGenerated = await withDatabase(stateDirectory, (db) =>
      queryOne<{ password_hash: string; session_epoch: number }>(db, sql`select password_hash, session_epoch from users`),
    );

    const piped = await run(stateDirectory, ["reset-password", "OLGA@example.test"], "a piped pass phrase\nignored second line\n");
    const weak = await run(stateDirectory, ["reset-password", "olga@example.test"], "short\n");
    const unknown = await run(stateDirectory, ["reset-password", "-g", "nobody@example.test"]);
    const afterPiped = await withDatabase(stateDirectory, (db) =>
      queryOne<{ password_hash: string; session_epoch: number }>(db, sql`select password_hash, session_epoch from users`),
    );

    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^[a-zA-Z0-9!@#$%^&*]{24}\n$/);
    expect(generated.stderr).toContain("password of Olga@Example.test (user cli-user-0000000000001) reset; all of their sessions have ended");
    expect((await verifyPassword(generatedPassword, afterGenerated!.password_hash)).valid).toBe(true);
    expect(afterGenerated?.session_epoch).toBe(1);

    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe("password of Olga@Example.test (user cli-user-0000000000001) reset; all of their sessions have ended\n");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("stashsphere: the new password must be at least 8 characters long; choose another, or pass --force to set it anyway");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('stashsphere: user with email "nobody@example.test" not found');
    expect((await verifyPassword("a piped pass phrase", afterPiped!.password_hash)).valid).toBe(true);
    expect(afterPiped?.session_epoch).toBe(2);
  }, 120_000);

  test("without an argument is a usage error", async () => {
    const result = await run(await mkdtemp(join(tmpdir(), "stashsphere-reset-")), ["resetpassword"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("resetpassword needs exactly one argument, the user's e-mail address");
  });
});
