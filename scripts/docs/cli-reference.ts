// Write docs/cli.md from the help text of the command line, so the reference cannot drift from
// what `stashsphere` prints. `bun run scripts/docs/cli-reference.ts` rewrites the file; a test
// fails when the committed file differs from what this produces.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

export const cliReferencePath = resolve(import.meta.dir, "../../docs/cli.md");
const mainPath = resolve(import.meta.dir, "../../src/main.ts");

/** Run the CLI from source with a bare environment, so that no local setting changes the text. */
async function helpText(args: string[]): Promise<string> {
  const child = Bun.spawn([process.execPath, mainPath, ...args], { stdout: "pipe", stderr: "pipe", env: { PATH: "/usr/bin:/bin" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`stashsphere ${args.join(" ")} exited with ${code}: ${stderr}`);
  return stdout.trimEnd();
}

/** Returns the command names listed under "Commands:" in the general help, without `help`. */
export function commandNamesIn(generalHelp: string): string[] {
  const lines = generalHelp.split("\n");
  const start = lines.indexOf("Commands:");
  if (start < 0) throw new Error("the general help has no Commands: section");
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\S+)\s/.exec(line);
    if (!match) break;
    if (match[1] !== "help") names.push(match[1] as string);
  }
  return names;
}

export async function renderCliReference(): Promise<string> {
  const general = await helpText(["--help"]);
  const sections = [
    "# Command-line reference",
    "",
    "Generated from the help text of `stashsphere` by `bun run scripts/docs/cli-reference.ts`; do not edit by hand.",
    "Every command exits 0 on success, 1 on a failure it explains in one line on standard error, and",
    "2 on a usage mistake (unknown command or option, missing argument).",
    "",
    "```text",
    general,
    "```",
  ];
  for (const name of commandNamesIn(general)) {
    sections.push("", `## ${name}`, "", "```text", await helpText([name, "--help"]), "```");
  }
  return `${sections.join("\n")}\n`;
}

if (import.meta.main) {
  await writeFile(cliReferencePath, await renderCliReference());
  console.log(`wrote ${cliReferencePath}`);
}
