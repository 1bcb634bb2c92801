import { commit, version } from "../version.ts";
import { helpOption, type Command } from "./command.ts";

export const versionCommand: Command = {
  name: "version",
  summary: "print the version",
  options: [helpOption],
  async run() {
    console.log(`stashsphere ${version} (${commit})`);
    return 0;
  },
};
