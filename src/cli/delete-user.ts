import type { Config } from "../config/index.ts";
import { purgeUser } from "../accounts/purge-user.ts";
import { queryOne, type Database } from "../db/database.ts";
import { migrationStatus } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";
import { systemClock } from "../http/env.ts";
import type { Logger } from "../log/logger.ts";
import { UsageError } from "./args.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { processIo, type CommandIo } from "./command-io.ts";
import { loadConfigOrExplain, openDatabase } from "./startup.ts";

export interface DeleteUserOptions {
  yes: boolean;
  /** Schedule the purge this many minutes from now instead of purging at once. */
  minutes?: number;
}

interface FoundUser {
  id: string;
  name: string;
  email: string;
}

/**
 * Delete one account now (the purge the worker runs, image files included), or schedule it
 * with `minutes` for a running server's purge worker. Asks for confirmation unless `yes`.
 * Returns the exit status.
 */
export async function deleteUser(
  deps: { db: Database; log: Logger; clock: Clock; config: Pick<Config, "image"> },
  target: string,
  options: DeleteUserOptions,
  io: CommandIo,
): Promise<number> {
  const byEmail = target.includes("@");
  const user = await queryOne<FoundUser>(
    deps.db,
    byEmail
      ? sql`select id, name, email from users where lower(email) = lower(${target})`
      : sql`select id, name, email from users where id = ${target}`,
  );
  if (!user) {
    io.printError(`stashsphere: user with ${byEmail ? "email" : "ID"} ${JSON.stringify(target)} not found`);
    return 1;
  }

  const who = `"${user.name}" (${user.email})`;
  if (!options.yes) {
    if (!io.isTerminal) {
      io.printError("stashsphere: standard input is not a terminal, so nobody can confirm; pass --yes to delete without asking");
      return 1;
    }
    const when = options.minutes === undefined ? "" : ` in ${options.minutes} minutes`;
    const answer = io.ask(`Delete user ${who} and everything they own${when}? [y/N] `);
    if (answer === null) {
      io.printError("stashsphere: no answer read; nothing was deleted");
      return 1;
    }
    if (!["y", "yes"].includes(answer.trim().toLowerCase())) {
      io.print("Aborted.");
      return 0;
    }
  }

  if (options.minutes !== undefined) {
    const purgeAt = new Date(deps.clock.now().getTime() + options.minutes * 60_000);
    await deps.db.query(sql`update users set purge_at = ${purgeAt}::timestamptz where id = ${user.id}`);
    io.print(`User ${who} scheduled for deletion at ${purgeAt.toISOString()}; a running server deletes the account within a minute of that time`);
    return 0;
  }

  const summary = await purgeUser(deps, user.id);
  if (!summary) {
    io.printError(`stashsphere: user ${who} was deleted by someone else in the meantime`);
    return 1;
  }
  io.print(
    `Deleted user ${who}: ${summary.things} things, ${summary.lists} lists, ${summary.images} images; ` +
      `${summary.filesRemoved} image files removed from the store`,
  );
  return 0;
}

function parseMinutes(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw new UsageError(`--minutes expects a whole number of minutes, got ${JSON.stringify(value)}`);
  return Number(value);
}

export const deleteUserCommand: Command = {
  name: "delete-user",
  summary: "delete an account and everything it owns, now or after some minutes",
  arguments: "EMAIL|ID",
  details:
    "An argument with an @ is an e-mail address, anything else a user id. Put -- before an id\n" +
    "that starts with -. Without --minutes the account, its things, lists, images, shares and\n" +
    "friendships are deleted at once, and image files no other account uses are removed from\n" +
    "the store. With the embedded database, stop the server first: two processes cannot open\n" +
    "it at the same time.",
  options: [
    confOption,
    { name: "yes", short: "y", kind: "switch", description: "delete without asking for confirmation" },
    {
      name: "minutes",
      short: "m",
      kind: "value",
      valueName: "N",
      description: "schedule the deletion N minutes from now for the server's purge worker instead (negative: at its next pass)",
    },
    helpOption,
  ],
  async run(options, positionals) {
    if (positionals.length !== 1) throw new UsageError("delete-user expects one argument: the e-mail address or id of the user");
    const minutes = parseMinutes(options.minutes);
    const { config, log } = await loadConfigOrExplain(options.conf);
    const db = await openDatabase(config, log);
    try {
      const status = await migrationStatus(db);
      if (status.pending.length) {
        processIo.printError("stashsphere: the database schema is behind; run `stashsphere migrate` first");
        return 1;
      }
      return await deleteUser({ db, log, clock: systemClock, config }, positionals[0] as string, { yes: options.yes === true, minutes }, processIo);
    } finally {
      await db.close();
    }
  },
};
