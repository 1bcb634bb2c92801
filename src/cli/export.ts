import { ArchiveError } from "../backup/archive-format.ts";
import { openArchiveOutput, wantsGzip } from "../backup/archive-streams.ts";
import { exportInstance } from "../backup/export-instance.ts";
import { version } from "../version.ts";
import { UsageError } from "./args.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { loadConfigOrExplain, openDatabase, StartupError } from "./startup.ts";

export const exportCommand: Command = {
  name: "export",
  summary: "write the whole instance (every table and image file) into one archive",
  arguments: "FILE",
  details:
    "FILE is a tar archive, gzip-compressed with --gzip or when FILE ends in .gz or .tgz; `-`\n" +
    "writes to standard output. The database is read in one consistent snapshot, so PostgreSQL\n" +
    "may stay in use meanwhile; the embedded database is locked by a running server, so stop it\n" +
    "first. `stashsphere import` restores the archive into an empty instance on either database.",
  options: [confOption, { name: "gzip", kind: "switch", description: "compress the archive with gzip" }, helpOption],
  async run(options, positionals) {
    if (positionals.length !== 1) throw new UsageError("export needs exactly one FILE argument (or - for standard output)");
    const target = positionals[0] as string;
    const { config, log } = await loadConfigOrExplain(options.conf);
    const db = await openDatabase(config, log);
    try {
      const output = await openArchiveOutput(target, { gzip: wantsGzip(target, options.gzip === true) }).catch((error: Error) => {
        throw new StartupError(`cannot write ${target}: ${error.message}`);
      });
      try {
        const summary = await exportInstance({ db, imageStorePath: config.image.path, log, output: output.writable, stashsphereVersion: version });
        await output.commit();
        const rows = summary.tables.reduce((total, table) => total + table.rows, 0);
        log.info("export finished", {
          file: target,
          tables: summary.tables.length,
          rows,
          imageFiles: summary.imageFiles,
          missingImageFiles: summary.missingImageFiles.length,
          lastMigration: summary.lastMigration,
        });
        return 0;
      } catch (error) {
        await output.discard();
        if (error instanceof ArchiveError) throw new StartupError(error.message);
        throw error;
      }
    } finally {
      await db.close();
    }
  },
};
