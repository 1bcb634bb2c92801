/**
 * A small command-line parser: `--name value`, `--name=value`, short aliases, repeatable
 * options and boolean switches. A mistake is a UsageError, which the entry point reports with
 * exit status 2.
 */
export class UsageError extends Error {}

export interface OptionSpec {
  name: string;
  short?: string;
  /** Switches take no value. */
  kind: "switch" | "value" | "repeatable";
  description: string;
  valueName?: string;
}

export interface ParsedArgs {
  options: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: ParsedArgs["options"] = {};
  const positionals: string[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const [flag, inlineValue] = arg.startsWith("--") ? splitOnce(arg.slice(2)) : [arg.slice(1), undefined];
    const spec = arg.startsWith("--") ? byName.get(flag) : byShort.get(flag);
    // User ids may start with "-", so the message says how to pass one as an argument.
    if (!spec) throw new UsageError(`unknown option ${arg}; put -- before an argument that starts with -`);

    if (spec.kind === "switch") {
      if (inlineValue !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      options[spec.name] = true;
      continue;
    }
    const value = inlineValue ?? argv[++index];
    if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    if (spec.kind === "repeatable") {
      const previous = options[spec.name];
      options[spec.name] = [...(Array.isArray(previous) ? previous : []), value];
    } else {
      options[spec.name] = value;
    }
  }
  return { options, positionals };
}

function splitOnce(text: string): [string, string | undefined] {
  const index = text.indexOf("=");
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Render the option table for `--help`. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((spec) => {
    const names = `${spec.short ? `-${spec.short}, ` : "    "}--${spec.name}${spec.kind === "switch" ? "" : ` ${spec.valueName ?? "VALUE"}`}`;
    return [names, spec.description] as const;
  });
  const width = Math.max(...rows.map(([names]) => names.length), 0) + 2;
  return rows.map(([names, description]) => `  ${names.padEnd(width)}${description}`).join("\n");
}
