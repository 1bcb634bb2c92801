import { migrate } from "../db/migrate.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { loadConfigOrExplain, openDatabase } from "./startup.ts";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply pending database migrations and exit",
  details:
    "All pending migrations run in one transaction under an advisory lock, so two instances\n" +
    "migrating at once are safe, and a failure leaves the database as it was. A database\n" +
    "migrated by the original Go server (version 20260206120000) is adopted as it is.",
  options: [confOption, helpOption],
  async run(options) {
    const { config, log } = await loadConfigOrExplain(options.conf);
    const db = await openDatabase(config, log);
    try {
      const applied = await migrate(db);
      if (applied.length === 0) {
        console.log("database schema is up to date; nothing to apply");
      } else {
        for (const name of applied) console.log(`applied ${name}`);
        console.log(`${applied.length} migration(s) applied`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
