import { cp, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { loadWebFiles } from "../http/web-files.ts";
import { UsageError } from "./args.ts";
import { helpOption, type Command } from "./command.ts";
import { StartupError } from "./startup.ts";

export const exportWebCommand: Command = {
  name: "export-web",
  summary: "write the web app's files into a directory, for serving it from another host",
  arguments: "DIR",
  details:
    "Serve DIR as static files and put a config.json beside index.html that names the API,\n" +
    'e.g. {"apiHost": "https://api.stash.example.com"}. See docs/hosting.md, "One domain or two".',
  options: [helpOption],
  async run(_options, positionals) {
    const [target] = positionals;
    if (!target || positionals.length > 1) throw new UsageError("export-web needs exactly one argument: the target directory");
    const directory = resolve(target);
    const files = await loadWebFiles();
    if (!files) throw new StartupError("this stashsphere has no web app built in; run `npm run build` first");

    if (typeof files === "function") {
      // Running from source after a build: the files are in dist/web.
      await cp(resolve(import.meta.dir, "../../dist/web"), directory, { recursive: true });
    } else {
      for (const [path, file] of files) {
        const destination = join(directory, path);
        await mkdir(dirname(destination), { recursive: true });
        await writeFile(destination, typeof file === "string" ? file : new Uint8Array(await file.arrayBuffer()));
      }
    }
    console.log(`wrote the web app to ${directory}`);
    return 0;
  },
};
