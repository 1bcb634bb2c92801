// Write docs/configuration.md from the configuration schema, so the reference cannot drift
// from what the server accepts. `bun run scripts/docs/config-reference.ts` rewrites the file;
// a test fails when the committed file differs from what this produces.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { configReference } from "../../src/config/index.ts";

/** One YAML example per key, shown in the reference. A test checks that every key has one. */
export const configExamples: Record<string, string> = {
  "database.user": "stashsphere",
  "database.name": "stashsphere",
  "database.host": "/run/postgresql",
  "database.password": "\"correct horse battery staple\"",
  "database.port": "5432",
  "database.sslmode": "verify-full",
  "database.maxConnections": "20",
  "database.queryTimeoutSeconds": "30",
  listenAddress: "\"127.0.0.1:8081\"",
  baseUrl: "\"https://api.stash.example.com\"",
  frontendUrl: "\"https://stash.example.com\"",
  instanceName: "\"Stash of the Smiths\"",
  stateDirectory: "/var/lib/stashsphere",
  trustedProxies: "[\"127.0.0.1\", \"10.0.0.0/8\"]",
  serveOpenapi: "true",
  "auth.privateKey": "\"<output of stashsphere genkey>\"",
  "auth.disableSecureCookies": "true",
  "auth.minPasswordLength": "12",
  "auth.oidc.enabled": "true",
  "auth.oidc.providers[].name": "dex",
  "auth.oidc.providers[].display_name": "\"Company login\"",
  "auth.oidc.providers[].issuer_url": "\"https://id.example.com/dex\"",
  "auth.oidc.providers[].client_id": "StashSphere",
  "auth.oidc.providers[].client_secret": "\"<from the provider>\"",
  "auth.oidc.providers[].scopes": "[\"openid\", \"profile\", \"email\"]",
  "auth.oidc.providers[].email_claim": "email",
  "auth.oidc.providers[].name_claim": "preferred_username",
  "auth.oidc.providers[].clock_leeway_seconds": "30",
  "image.path": "/var/lib/stashsphere/image_store",
  "image.cachePath": "/var/cache/stashsphere/image_cache",
  "image.maxUploadBytes": "52428800",
  "image.maxPixels": "100000000",
  "image.cacheMaxBytes": "5368709120",
  "invites.enabled": "true",
  "invites.code": "\"<a long random string>\"",
  "domains.allowed": "[\"https://stash.example.com\"]",
  "domains.cookieDomain": "stash.example.com",
  "domains.api": "stash.example.com",
  "domains.own": "[\"stash.example.com\"]",
  "email.backend": "smtp",
  "email.fromAddr": "\"StashSphere <noreply@example.com>\"",
  "email.user": "stashsphere",
  "email.password": "\"<from the mail provider>\"",
  "email.host": "smtp.example.com",
  "email.port": "587",
  "userDeletion.gracePeriodMinutes": "4320",
  "log.level": "debug",
  "log.format": "json",
};

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The whole Markdown page. */
export function renderConfigReference(): string {
  const sections = new Map<string, typeof configReference[number][]>();
  for (const entry of configReference) {
    const section = entry.key.includes(".") ? (entry.key.split(".")[0] as string) : "top level";
    sections.set(section, [...(sections.get(section) ?? []), entry]);
  }

  const lines = [
    "# Configuration reference",
    "",
    "Generated from the configuration schema by `bun run scripts/docs/config-reference.ts`; do not edit by hand.",
    "",
    "Configuration files are YAML (or JSON), given with `--conf FILE`, repeatable or comma-separated.",
    "Files are merged in order: maps key by key, while scalars and lists are replaced whole by the",
    "later file. Without `--conf`, `./stashsphere.yaml` is read if it exists; without any file the",
    "defaults below apply. A value of the wrong type stops the server with the file and the key; an",
    "unknown key is a warning that suggests the closest known key. Keys marked secret are never",
    "printed in messages or logs.",
    "",
    "Environment: `STATE_DIRECTORY` and `CACHE_DIRECTORY` (set by systemd) choose the default",
    "directories; `STASHSPHERE_DISABLE_SECURE_COOKIES=true` drops the `Secure` cookie attribute, as",
    "does `serve --disable-secure-cookies`.",
  ];
  for (const [section, entries] of sections) {
    lines.push("", `## ${section}`, "", "| key | type | default | example | meaning |", "| --- | --- | --- | --- | --- |");
    for (const entry of entries) {
      const example = configExamples[entry.key] ?? "";
      const type = entry.secret && !entry.type.includes("secret") ? `${entry.type} (secret)` : entry.type;
      lines.push(`| \`${entry.key}\` | ${escapeCell(type)} | ${escapeCell(entry.default)} | \`${escapeCell(example)}\` | ${escapeCell(entry.description)} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const configReferencePath = resolve(import.meta.dir, "../../docs/configuration.md");

if (import.meta.main) {
  await writeFile(configReferencePath, renderConfigReference());
  console.log(`wrote ${configReferencePath}`);
}
