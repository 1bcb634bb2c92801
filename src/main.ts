import { parseArgs, formatOptions, UsageError } from "./cli/args.ts";
import type { Command } from "./cli/command.ts";
import { deleteUserCommand } from "./cli/delete-user.ts";
import { exportCommand } from "./cli/export.ts";
import { importCommand } from "./cli/import.ts";
import { exportWebCommand } from "./cli/export-web.ts";
import { genkeyCommand } from "./cli/genkey.ts";
import { healthcheckCommand } from "./cli/healthcheck.ts";
import { migrateCommand } from "./cli/migrate.ts";
import { openapiDumpCommand } from "./cli/openapi-dump.ts";
import { resetPasswordCommand } from "./cli/reset-password.ts";
import { serveCommand } from "./cli/serve.ts";
import { StartupError } from "./cli/startup.ts";
import { versionCommand } from "./cli/version.ts";

const commands: Command[] = [
  serveCommand,
  migrateCommand,
  genkeyCommand,
  resetPasswordCommand,
  deleteUserCommand,
  exportCommand,
  importCommand,
  exportWebCommand,
  openapiDumpCommand,
  healthcheckCommand,
  versionCommand,
];

function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name || command.aliases?.includes(name));
}

function generalHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    "stashsphere: a self-hosted social inventory",
    "",
    "Usage: stashsphere COMMAND [OPTIONS]",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    `  ${"help".padEnd(width)}show help for a command`,
    "",
    "Run `stashsphere COMMAND --help` for the options of a command.",
  ].join("\n");
}

export function commandHelp(command: Command): string {
  return [
    `Usage: stashsphere ${command.name}${command.arguments ? ` ${command.arguments}` : ""} [OPTIONS]`,
    "",
    command.summary,
    ...(command.details ? ["", command.details] : []),
    "",
    "Options:",
    formatOptions(command.options),
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(generalHelp());
    return 0;
  }
  if (name === "help") {
    const target = rest[0] ? findCommand(rest[0]) : undefined;
    if (rest[0] && !target) throw new UsageError(`unknown command ${JSON.stringify(rest[0])}`);
    console.log(target ? commandHelp(target) : generalHelp());
    return 0;
  }
  if (name === "--version") return versionCommand.run({}, []);

  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  const { options, positionals } = parseArgs(rest, command.options);
  if (options.help === true) {
    console.log(commandHelp(command));
    return 0;
  }
  return command.run(options, positionals);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`stashsphere: ${error.message}\nRun \`stashsphere help\` for usage.`);
    process.exitCode = 2;
  } else if (error instanceof StartupError) {
    console.error(`stashsphere: ${error.message}`);
    process.exitCode = 1;
  } else {
    const detail = process.env.STASHSPHERE_DEBUG ? error : (error as Error)?.message ?? String(error);
    console.error("stashsphere: unexpected failure:", detail, process.env.STASHSPHERE_DEBUG ? "" : "(set STASHSPHERE_DEBUG=1 for the stack trace)");
    process.exitCode = 1;
  }
}
