import { expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configReference, loadConfig } from "./index.ts";

const referenceKeys = configReference.map((entry) => entry.key);

/** Leaf paths of a loaded config, with list items of maps written as `[]`. */
function leafPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === "object" && item !== null)) {
    return value.length ? leafPaths(value[0], `${path}[]`) : [path];
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path ? `${path}.${key}` : key));
  }
  return [path];
}

test("reference lists exactly the keys a full config has", async () => {
  // Sets every key that has no default, so the loaded config contains every leaf of the schema.
  const full = [
    "database: {password: pw, port: 5432, sslmode: disable}",
    "baseUrl: https://api.example.com",
    "stateDirectory: /srv/stash",
    "image: {path: /srv/images, cachePath: /srv/cache}",
    "auth: {oidc: {providers: [{name: dex, issuer_url: 'https://id.example.com', client_id: c}]}}",
  ].join("\n");
  const directory = await mkdtemp(join(tmpdir(), "stashsphere-reference-"));
  try {
    await writeFile(join(directory, "full.yaml"), full);
    const { config } = await loadConfig({ cwd: directory, env: {}, files: ["full.yaml"] });
    const derived = new Set(["cacheDirectory", "cookieDomain", "secureCookies"]);
    const configKeys = leafPaths(config, "").filter((key) => !derived.has(key));
    expect(configKeys.toSorted()).toEqual(referenceKeys.toSorted());
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test("every entry has a type, a default and a description", () => {
  for (const entry of configReference) {
    expect({ key: entry.key, type: entry.type.length > 0 }).toEqual({ key: entry.key, type: true });
    expect({ key: entry.key, default: entry.default.length > 0 }).toEqual({ key: entry.key, default: true });
    expect({ key: entry.key, description: entry.description.length > 0 }).toEqual({ key: entry.key, description: true });
  }
});

test("every key of the original server is accepted", () => {
  const originalKeys = [
    "database.user", "database.name", "database.host", "database.password", "database.port", "database.sslmode",
    "listenAddress", "auth.privateKey", "auth.disableSecureCookies", "image.path", "image.cachePath",
    "invites.enabled", "invites.code", "domains.allowed", "domains.api", "domains.own", "frontendUrl",
    "instanceName", "email.backend", "email.fromAddr", "email.user", "email.password", "email.host",
    "email.port", "userDeletion.gracePeriodMinutes", "domains.cookieDomain", "baseUrl", "auth.oidc.enabled",
  ];
  for (const key of originalKeys) expect(referenceKeys).toContain(key);
});

test("secrets are marked", () => {
  const secretKeys = configReference.filter((entry) => entry.secret).map((entry) => entry.key);
  expect(secretKeys).toEqual([
    "database.password",
    "auth.privateKey",
    "auth.oidc.providers[].client_secret",
    "invites.code",
    "email.password",
  ]);
});
