import { generatePassword, resetPasswordAsAdministrator } from "../auth/administrator-password-reset.ts";
import type { Database } from "../db/database.ts";
import { migrationStatus } from "../db/migrate.ts";
import { UsageError } from "./args.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { PasswordInputAborted, readFirstLine, readPasswordWithoutEcho } from "./read-password.ts";
import { loadConfigOrExplain, openDatabase, StartupError } from "./startup.ts";

export const resetPasswordCommand: Command = {
  name: "resetpassword",
  aliases: ["reset-password"],
  summary: "set a new password for a user and end all of their sessions",
  arguments: "EMAIL",
  details:
    "The account is found by e-mail address regardless of case. The new password comes from\n" +
    "--generate, else a prompt at a terminal (asked twice, not echoed), else the first line of\n" +
    "standard input. It must follow the password policy unless --force is given. With the\n" +
    "embedded database, stop `serve` first, since both would open the same data directory.",
  options: [
    confOption,
    { name: "generate", short: "g", kind: "switch", description: "generate a random 24-character password and print it on standard output" },
    { name: "force", kind: "switch", description: "accept a password that breaks the password policy" },
    helpOption,
  ],
  async run(options, positionals) {
    if (positionals.length !== 1) throw new UsageError("resetpassword needs exactly one argument, the user's e-mail address");
    const email = positionals[0] as string;
    const generate = options.generate === true;

    const { config, log } = await loadConfigOrExplain(options.conf);
    const db = await openDatabase(config, log);
    try {
      await requireCurrentSchema(db);
      const password = generate ? generatePassword() : await readNewPassword();
      const result = await resetPasswordAsAdministrator(db, email, password, {
        minPasswordLength: config.auth.minPasswordLength,
        force: options.force === true,
      });

      switch (result.outcome) {
        case "not-found":
          throw new StartupError(`user with email ${JSON.stringify(email)} not found`);
        case "rejected":
          throw new StartupError(`the new password ${result.problem}; choose another, or pass --force to set it anyway`);
        case "reset": {
          const message = `password of ${result.user.email} (user ${result.user.id}) reset; all of their sessions have ended\n`;
          // A generated password is the only output on stdout, so a script can capture it.
          if (generate) {
            process.stdout.write(`${password}\n`);
            process.stderr.write(message);
          } else {
            process.stdout.write(message);
          }
          return 0;
        }
      }
    } finally {
      await db.close();
    }
  },
};

async function requireCurrentSchema(db: Database): Promise<void> {
  const status = await migrationStatus(db);
  if (status.rejection) throw new StartupError(status.rejection);
  if (status.pending.length > 0) {
    throw new StartupError(`the database schema is behind by ${status.pending.length} migration(s); run \`stashsphere migrate\` first`);
  }
}

async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await readFirstLine(process.stdin);
    if (line === undefined || line === "") throw new StartupError("no password provided: standard input was empty");
    return line;
  }
  try {
    const first = await readPasswordWithoutEcho(process.stdin, process.stderr, "New password: ");
    if (first === "") throw new StartupError("no password provided");
    const second = await readPasswordWithoutEcho(process.stdin, process.stderr, "Repeat the new password: ");
    if (first !== second) throw new StartupError("the two passwords differ; nothing was changed");
    return first;
  } catch (error) {
    if (error instanceof PasswordInputAborted) throw new StartupError("aborted; nothing was changed");
    throw error;
  }
}
