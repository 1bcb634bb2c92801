import { ArchiveError } from "../backup/archive-format.ts";
import { openArchiveInput } from "../backup/archive-streams.ts";
import { importInstance } from "../backup/import-instance.ts";
import { TarFormatError } from "../backup/tar-header.ts";
import { UsageError } from "./args.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { loadConfigOrExplain, openDatabase, StartupError } from "./startup.ts";

export const importCommand: Command = {
  name: "import",
  summary: "restore an archive written by export into an empty instance",
  arguments: "FILE",
  details:
    "FILE is an archive from `stashsphere export` (gzip or not); `-` reads standard input. The\n" +
    "configured database must be empty: it is migrated to the archive's schema, filled in one\n" +
    "transaction, checked against the archive's row counts and checksums, and then migrated to\n" +
    "this release's schema. Image files go into image.path. A failure leaves no rows and no files.",
  options: [confOption, helpOption],
  async run(options, positionals) {
    if (positionals.length !== 1) throw new UsageError("import needs exactly one FILE argument (or - for standard input)");
    const source = positionals[0] as string;
    const { config, log } = await loadConfigOrExplain(options.conf);
    if (source !== "-" && !(await Bun.file(source).exists())) throw new StartupError(`cannot read ${source}: no such file`);
    const db = await openDatabase(config, log);
    try {
      const summary = await importInstance({ db, imageStorePath: config.image.path, log, input: await openArchiveInput(source) });
      log.info("import finished", {
        tables: summary.tables.length,
        rows: summary.tables.reduce((total, table) => total + table.rows, 0),
        imageFiles: summary.imageFiles,
        missingImageFiles: summary.missingImageFiles.length,
        archiveMigration: summary.lastMigration,
        migratedAfterImport: summary.migratedAfterImport.length,
      });
      return 0;
    } catch (error) {
      if (error instanceof ArchiveError || error instanceof TarFormatError) throw new StartupError(`import failed, no rows or files were imported: ${error.message}`);
      throw error;
    } finally {
      await db.close();
    }
  },
};
