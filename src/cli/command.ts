import type { OptionSpec } from "./args.ts";

/** One subcommand of the `stashsphere` executable. */
export interface Command {
  name: string;
  aliases?: string[];
  summary: string;
  /** Positional arguments for the usage line, e.g. `EMAIL`. */
  arguments?: string;
  options: OptionSpec[];
  /** Longer help shown by `--help`. */
  details?: string;
  /** Returns the process exit status. */
  run(options: Record<string, string | string[] | boolean | undefined>, positionals: string[]): Promise<number>;
}

export const confOption: OptionSpec = {
  name: "conf",
  kind: "repeatable",
  valueName: "FILE",
  description: "configuration file (YAML or JSON); repeat or separate with commas, later files win (default: ./stashsphere.yaml if present)",
};

export const helpOption: OptionSpec = { name: "help", short: "h", kind: "switch", description: "show this help" };
