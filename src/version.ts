import packageJson from "../package.json" with { type: "json" };

// build.ts replaces these identifiers with string literals when it compiles the binary.
declare const STASHSPHERE_VERSION: string | undefined;
declare const STASHSPHERE_COMMIT: string | undefined;

export const version: string = typeof STASHSPHERE_VERSION === "string" ? STASHSPHERE_VERSION : `${packageJson.version}-dev`;
export const commit: string = typeof STASHSPHERE_COMMIT === "string" ? STASHSPHERE_COMMIT : "unknown";
