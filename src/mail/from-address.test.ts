import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../config/index.ts";
import { parseFromAddress } from "./from-address.ts";

describe("parseFromAddress", () => {
  test("display-name form splits into name and address", () => {
    expect(parseFromAddress("StashSphere <noreply@example.com>")).toEqual({ name: "StashSphere", address: "noreply@example.com" });
  });

  test("bare address has an empty name", () => {
    expect(parseFromAddress("noreply@example.com")).toEqual({ name: "", address: "noreply@example.com" });
  });

  test("quoted name with a comma is one address", () => {
    expect(parseFromAddress('"Stash, Sphere" <noreply@example.com>')).toEqual({ name: "Stash, Sphere", address: "noreply@example.com" });
  });

  test("empty, nameless, several and group values are rejected", () => {
    for (const text of ["", "StashSphere", "a@example.com, b@example.com", "team: a@example.com;"]) {
      expect(parseFromAddress(text)).toBeUndefined();
    }
  });
});

describe("email.fromAddr setting", () => {
  const directories: string[] = [];
  afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

  async function loadEmail(yaml: string) {
    const cwd = await mkdtemp(join(tmpdir(), "stashsphere-mail-config-"));
    directories.push(cwd);
    await writeFile(join(cwd, "a.yaml"), yaml);
    return loadConfig({ env: {}, files: ["a.yaml"], cwd });
  }

  test("smtp backend needs a sender address", async () => {
    const error = await loadEmail("email:\n  backend: smtp\n  host: mail.example.com\n  port: 587\n").catch((caught) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toStartWith("a.yaml: email.fromAddr: must be one address such as");
  });

  test("smtp backend accepts the display-name form", async () => {
    const { config } = await loadEmail(
      "email:\n  backend: smtp\n  host: mail.example.com\n  port: 587\n  fromAddr: StashSphere <noreply@example.com>\n",
    );
    expect(config.email.fromAddr).toBe("StashSphere <noreply@example.com>");
  });

  test("stdout backend does not need a sender address", async () => {
    const { config } = await loadEmail("email:\n  backend: stdout\n");
    expect(config.email.fromAddr).toBe("");
  });
});
