import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { stashsphereOpenapiText } from "../http/openapi/api-features.ts";
import { version } from "../version.ts";
import { UsageError } from "./args.ts";
import { helpOption, type Command } from "./command.ts";
import { StartupError } from "./startup.ts";

export const openapiDumpCommand: Command = {
  name: "openapi-dump",
  summary: "write the OpenAPI 3.1 document of the API (the one /api/openapi.json serves)",
  details: "Needs no configuration and no database.",
  options: [
    { name: "output", short: "o", kind: "value", valueName: "FILE", description: "file to write; - or no option writes to standard output" },
    helpOption,
  ],
  async run(options, positionals) {
    if (positionals.length) throw new UsageError("openapi-dump takes no arguments; name the file with -o FILE");
    const text = stashsphereOpenapiText(version);
    const output = options.output as string | undefined;
    if (output === undefined || output === "-") {
      process.stdout.write(text);
      return 0;
    }

    const path = resolve(output);
    // A temporary name and a rename, so a reader never sees half a document.
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, text);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new StartupError(`cannot write the OpenAPI document to ${path}: ${(error as Error).message}`);
    }
    console.log(`wrote the OpenAPI document to ${path}`);
    return 0;
  },
};
