import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, splitConfFlags, type LoadConfigOptions } from "./index.ts";

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

/** Write the files into a fresh directory and return it, to be used as `cwd`. */
async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "stashsphere-config-"));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) await writeFile(join(directory, name), content);
  return directory;
}

async function load(files: Record<string, string>, options: LoadConfigOptions = {}) {
  const cwd = await directoryWith(files);
  return { cwd, ...(await loadConfig({ env: {}, files: Object.keys(files), cwd, ...options })) };
}

async function configErrorFrom(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but loading succeeded");
}

describe("merging files", () => {
  test("later file wins per key, maps merge key by key", async () => {
    const { config, sources } = await load({
      "secrets.yaml": "database:\n  password: s3cret\n  port: 5433\nlistenAddress: ':9000'\n",
      "settings.yaml": "database:\n  port: 5434\n  sslmode: disable\n",
    });
    expect(sources).toEqual(["secrets.yaml", "settings.yaml"]);
    expect(config.database?.password).toBe("s3cret");
    expect(config.database?.port).toBe(5434);
    expect(config.database?.sslmode).toBe("disable");
    expect(config.listenAddress).toBe(":9000");
  });

  test("later list replaces the earlier list whole", async () => {
    const { config } = await load({
      "a.yaml": "domains:\n  allowed: [https://a.example.com, https://b.example.com]\n",
      "b.yaml": "domains:\n  allowed: [https://c.example.com]\n",
    });
    expect(config.domains.allowed).toEqual(["https://c.example.com"]);
  });

  test("null in a later file restores the default", async () => {
    const { config } = await load({ "a.yaml": "instanceName: home\n", "b.yaml": "instanceName: ~\n" });
    expect(config.instanceName).toBe("stashsphereDev");
  });

  test("comma-separated and repeated conf values load in order", async () => {
    const cwd = await directoryWith({ "a.yaml": "instanceName: a\n", "b.yaml": "instanceName: b\n", "c.yaml": "instanceName: c\n" });
    const files = splitConfFlags(["a.yaml,c.yaml", "b.yaml"]);
    const { config, sources } = await loadConfig({ files, cwd, env: {} });
    expect(sources).toEqual(["a.yaml", "c.yaml", "b.yaml"]);
    expect(config.instanceName).toBe("b");
  });

  test("JSON file as the NixOS module writes it", async () => {
    const json = JSON.stringify({ listenAddress: "127.0.0.1:8090", invites: { enabled: true, code: "0123" }, database: { port: 5432 } });
    const { config } = await load({ "settings.yaml": "instanceName: nix\n", "nixos.json": json });
    expect(config.listenAddress).toBe("127.0.0.1:8090");
    expect(config.invites).toEqual({ enabled: true, code: "0123" });
    expect(config.database?.port).toBe(5432);
    expect(config.instanceName).toBe("nix");
  });
});

describe("defaults", () => {
  test("no file and no stashsphere.yaml gives the built-in defaults", async () => {
    const cwd = await directoryWith({});
    const { config, warnings, sources } = await loadConfig({ cwd, env: {} });
    expect(sources).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config.database).toBeUndefined();
    expect(config.listenAddress).toBe(":8081");
    expect(config.frontendUrl).toBe("http://localhost:8081");
    expect(config.domains.allowed).toEqual(["http://localhost"]);
    expect(config.email.backend).toBe("stdout");
    expect(config.userDeletion.gracePeriodMinutes).toBe(1440);
    expect(config.auth.minPasswordLength).toBe(8);
    expect(config.image.maxUploadBytes).toBe(25 * 1024 * 1024);
    expect(config.log).toEqual({ level: "info", format: "text" });
    expect(config.stateDirectory).toBe(join(cwd, "stashsphere-data"));
    expect(config.secureCookies).toBe(true);
  });

  test("without conf files ./stashsphere.yaml is read", async () => {
    const cwd = await directoryWith({ "stashsphere.yaml": "instanceName: found\n" });
    const { config, sources } = await loadConfig({ cwd, env: {} });
    expect(sources).toEqual(["stashsphere.yaml"]);
    expect(config.instanceName).toBe("found");
  });

  test("a present database section gets the connection defaults", async () => {
    const { config } = await load({ "settings.yaml": "database:\n  password: pw\n" });
    expect(config.database).toEqual({ user: "stashsphere", name: "stashsphere", host: "127.0.0.1", password: "pw", maxConnections: 10, queryTimeoutSeconds: 10 });
  });

  test("grace period of 0 means 1440 and negative values stay", async () => {
    const zero = await load({ "a.yaml": "userDeletion:\n  gracePeriodMinutes: 0\n" });
    expect(zero.config.userDeletion.gracePeriodMinutes).toBe(1440);
    const negative = await load({ "a.yaml": "userDeletion:\n  gracePeriodMinutes: -5\n" });
    expect(negative.config.userDeletion.gracePeriodMinutes).toBe(-5);
  });

  test("without frontendUrl, links point at localhost on the port of listenAddress", async () => {
    expect((await load({ "a.yaml": "listenAddress: 127.0.0.1:9000\n" })).config.frontendUrl).toBe("http://localhost:9000");
    expect((await load({ "a.yaml": "listenAddress: \"[::1]:80\"\n" })).config.frontendUrl).toBe("http://localhost");
  });

  test("frontendUrl and baseUrl lose a trailing slash", async () => {
    const { config } = await load({ "a.yaml": "frontendUrl: https://stash.example.com/\nbaseUrl: https://api.example.com/\n" });
    expect(config.frontendUrl).toBe("https://stash.example.com");
    expect(config.baseUrl).toBe("https://api.example.com");
  });
});

describe("weak typing", () => {
  test("numbers and booleans written as strings are converted", async () => {
    const { config } = await load({
      "a.yaml": 'database:\n  port: "5432"\ninvites:\n  enabled: "true"\n  code: abc\nauth:\n  disableSecureCookies: "false"\n',
    });
    expect(config.database?.port).toBe(5432);
    expect(config.invites.enabled).toBe(true);
    expect(config.auth.disableSecureCookies).toBe(false);
  });

  test("a single string where a list is expected becomes one item", async () => {
    const { config } = await load({ "a.yaml": "domains:\n  allowed: https://a.example.com\n  own: a.example.com,b.example.com\n" });
    expect(config.domains.allowed).toEqual(["https://a.example.com"]);
    expect(config.domains.own).toEqual(["a.example.com,b.example.com"]);
  });

  test("comma-joined origins are one invalid origin", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "domains:\n  allowed: https://a.example.com,https://b.example.com\n" }));
    expect(error.message).toStartWith("a.yaml: domains.allowed[0]: expected an origin");
  });

  test("unquoted digits keep their text where a string is expected", async () => {
    const { config } = await load({ "a.yaml": "invites:\n  enabled: true\n  code: 0123\ndatabase:\n  password: 1e3\n" });
    expect(config.invites.code).toBe("0123");
    expect(config.database?.password).toBe("1e3");
  });

  test("a single provider map becomes a one-item list", async () => {
    const { config } = await load({
      "a.yaml": "auth:\n  oidc:\n    enabled: true\n    providers:\n      name: dex\n      issuer_url: https://id.example.com/dex\n      client_id: stash\n",
    });
    expect(config.auth.oidc.providers).toEqual([
      {
        name: "dex",
        display_name: "dex",
        issuer_url: "https://id.example.com/dex",
        client_id: "stash",
        client_secret: "",
        scopes: ["openid", "profile", "email"],
        email_claim: "email",
        name_claim: "name",
        clock_leeway_seconds: 60,
      },
    ]);
  });
});

describe("errors", () => {
  test("wrong type names the file that set the key", async () => {
    const cwd = await directoryWith({ "secrets.yaml": "database:\n  port: 5432\n", "settings.yaml": "database:\n  port: abc\n" });
    const error = await configErrorFrom(loadConfig({ cwd, env: {}, files: ["secrets.yaml", "settings.yaml"] }));
    expect(error.message).toBe('settings.yaml: database.port: expected an integer from 1 to 65535, got "abc"');
  });

  test("earlier file named when later file lacks the key", async () => {
    const cwd = await directoryWith({ "secrets.yaml": "listenAddress: 8081\n", "settings.yaml": "instanceName: x\n" });
    const error = await configErrorFrom(loadConfig({ cwd, env: {}, files: ["secrets.yaml", "settings.yaml"] }));
    expect(error.message).toStartWith('secrets.yaml: listenAddress: expected host:port such as :8081');
    expect(error.message).toEndWith('got "8081"');
  });

  test("missing file is named", async () => {
    const cwd = await directoryWith({});
    const error = await configErrorFrom(loadConfig({ cwd, env: {}, files: ["missing.yaml"] }));
    expect(error.message).toBe("missing.yaml: cannot read the configuration file: file not found");
  });

  test("YAML syntax error names file and line", async () => {
    const cwd = await directoryWith({ "broken.yaml": "instanceName: ok\ndatabase:\n  password: a: b\n" });
    const error = await configErrorFrom(loadConfig({ cwd, env: {}, files: ["broken.yaml"] }));
    expect(error.message).toStartWith("broken.yaml: line 3, column ");
    expect(error.message).toContain("invalid YAML");
    expect(error.message).not.toContain("a: b");
  });

  test("top level that is not a map is rejected", async () => {
    const error = await configErrorFrom(load({ "list.yaml": "- a\n- b\n" }));
    expect(error.message).toBe("list.yaml: expected a map of settings at the top level, got a list");
  });

  test("email.backend typo names the two choices", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "email:\n  backend: smpt\n" }));
    expect(error.message).toBe('a.yaml: email.backend: expected "stdout" or "smtp", got "smpt"');
  });

  test("smtp backend without host is rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "email:\n  backend: smtp\n  port: 587\n" }));
    expect(error.message).toBe("a.yaml: email.host: must be set when email.backend is smtp");
  });

  test("check on a default names the file that caused it", async () => {
    const error = await configErrorFrom(
      load({ "a.yaml": "email:\n  backend: stdout\n  port: 25\n", "b.yaml": "email:\n  backend: smtp\n", "c.yaml": "instanceName: x\n" }),
    );
    expect(error.message).toBe("b.yaml: email.host: must be set when email.backend is smtp");
  });

  test("list item error names the file that set the list", async () => {
    const error = await configErrorFrom(
      load({ "a.yaml": "trustedProxies: [10.0.0.1]\n", "b.yaml": "trustedProxies: [10.0.0.1, 300.1.1.1]\n", "c.yaml": "instanceName: x\n" }),
    );
    expect(error.message).toStartWith('b.yaml: trustedProxies[1]: expected an IP address or CIDR range');
  });

  test("enabled invites with an empty code are rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "invites:\n  enabled: true\n" }));
    expect(error.message).toBe("a.yaml: invites.code: must not be empty when invites.enabled is true");
  });

  test("yes is not a boolean", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "serveOpenapi: yes\n" }));
    expect(error.message).toBe('a.yaml: serveOpenapi: expected true or false, got "yes"');
  });

  test("every problem is listed, the message counts the rest", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "listenAddress: nope\nlog:\n  level: loud\n  format: xml\n" }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toEndWith("(and 2 more problems)");
    expect(error.problems[1]).toBe('a.yaml: log.level: expected one of "debug", "info", "warn", "error", got "loud"');
  });

  test("key written twice in different case is rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "listenAddress: ':1'\nlistenaddress: ':2'\n" }));
    expect(error.message).toBe("a.yaml: listenaddress: the same key as listenAddress apart from letter case; keep only listenAddress");
  });

  test("sslmode outside the libpq modes is rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "database:\n  sslmode: on\n" }));
    expect(error.message).toStartWith('a.yaml: database.sslmode: expected one of "disable", "allow"');
  });

  test("duplicate provider names point at the second one", async () => {
    const provider = "    - name: dex\n      issuer_url: https://id.example.com\n      client_id: c\n";
    const error = await configErrorFrom(load({ "a.yaml": `auth:\n  oidc:\n    providers:\n${provider}${provider}` }));
    expect(error.message).toBe('a.yaml: auth.oidc.providers[1].name: duplicate provider name "dex"; each provider needs its own name');
  });

  test("provider without issuer_url names the key", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "auth:\n  oidc:\n    providers:\n      - name: dex\n        client_id: c\n" }));
    expect(error.message).toBe("a.yaml: auth.oidc.providers[0].issuer_url: required key is missing");
  });
});

describe("secrets", () => {
  const secretCases = [
    ["database.password", "database:\n  password: [hunter2]\n"],
    ["auth.privateKey", "auth:\n  privateKey: {k: hunter2}\n"],
    ["email.password", "email:\n  password: [hunter2]\n"],
    ["invites.code", "invites:\n  code: [hunter2]\n"],
    ["auth.oidc.providers[0].client_secret", "auth:\n  oidc:\n    providers:\n      - {name: a, issuer_url: 'https://x', client_id: c, client_secret: [hunter2]}\n"],
  ] as const;

  for (const [key, yaml] of secretCases) {
    test(`${key} is redacted in errors`, async () => {
      const error = await configErrorFrom(load({ "a.yaml": yaml }));
      expect(error.message).toBe(`a.yaml: ${key}: expected a string, got <redacted>`);
    });
  }

  test("secret does not leak through a YAML syntax error", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "database:\n  password: hunter2: x\n" }));
    expect(error.message).not.toContain("hunter2");
  });

  test("secret file passed as configuration is not echoed", async () => {
    const error = await configErrorFrom(load({ "key.txt": "hunter2hunter2hunter2\n" }));
    expect(error.message).toBe("key.txt: expected a map of settings at the top level, got a single value");
  });
});

describe("warnings", () => {
  test("unknown key suggests the closest known key", async () => {
    const { warnings } = await load({ "a.yaml": "listenAdress: ':1'\n" });
    expect(warnings).toEqual(["a.yaml: unknown key listenAdress is ignored; did you mean listenAddress?"]);
  });

  test("unknown key in a section suggests within the section", async () => {
    const { warnings } = await load({ "a.yaml": "database:\n  pasword: x\n" });
    expect(warnings).toEqual(["a.yaml: unknown key database.pasword is ignored; did you mean database.password?"]);
  });

  test("key from another section is suggested with its path", async () => {
    const { warnings } = await load({ "a.yaml": "privateKey: abc\n" });
    expect(warnings).toEqual(["a.yaml: unknown key privateKey is ignored; did you mean auth.privateKey?"]);
  });

  test("unknown key without a close match gets no suggestion", async () => {
    const { warnings } = await load({ "a.yaml": "colour: blue\n" });
    expect(warnings).toEqual(["a.yaml: unknown key colour is ignored"]);
  });

  test("key in other letter case is accepted with a warning", async () => {
    const { config, warnings } = await load({ "a.yaml": "listenaddress: ':9000'\nbaseURL: https://api.example.com\n" });
    expect(config.listenAddress).toBe(":9000");
    expect(config.baseUrl).toBe("https://api.example.com");
    expect(warnings).toEqual([
      "a.yaml: key listenaddress matches listenAddress only when letter case is ignored; the canonical spelling is listenAddress",
      "a.yaml: key baseURL matches baseUrl only when letter case is ignored; the canonical spelling is baseUrl",
    ]);
  });

  test("case-insensitive key merges with the canonical one of an earlier file", async () => {
    const { config } = await load({ "a.yaml": "database:\n  port: 1\n", "b.yaml": "DATABASE:\n  Port: 2\n" });
    expect(config.database?.port).toBe(2);
  });

  test("provider keys are matched too", async () => {
    const { config, warnings } = await load({
      "a.yaml": "auth:\n  oidc:\n    providers:\n      - name: dex\n        issuer_url: https://id.example.com\n        Client_ID: c\n        clientsecret: s\n",
    });
    expect(config.auth.oidc.providers[0]?.client_id).toBe("c");
    expect(warnings).toContain("a.yaml: unknown key auth.oidc.providers[0].clientsecret is ignored; did you mean auth.oidc.providers[0].client_secret?");
  });

  test("domains.own is accepted without a warning", async () => {
    const { warnings } = await load({ "a.yaml": "domains:\n  own: [stash.example.com]\n" });
    expect(warnings).toEqual([]);
  });

  test("OIDC enabled without providers warns", async () => {
    const { warnings } = await load({ "a.yaml": "auth:\n  oidc:\n    enabled: true\n" });
    expect(warnings).toEqual(["a.yaml: auth.oidc.enabled is true but auth.oidc.providers is empty, so no OIDC login is offered"]);
  });

  test("empty database section warns about the embedded database", async () => {
    const { config, warnings } = await load({ "a.yaml": "database:\n  port: 5432\n", "b.yaml": "database:\n" });
    expect(config.database).toBeUndefined();
    expect(warnings).toEqual(['b.yaml: database is empty, so the embedded database is used; write "database: {}" for PostgreSQL with default settings']);
  });

  test("database: {} selects PostgreSQL without a warning", async () => {
    const { config, warnings } = await load({ "a.yaml": "database: {}\n" });
    expect(config.database?.host).toBe("127.0.0.1");
    expect(warnings).toEqual([]);
  });

  test("secret values never appear in warnings", async () => {
    const { warnings } = await load({ "a.yaml": "database:\n  passwort: hunter2\n" });
    expect(warnings.join("\n")).not.toContain("hunter2");
  });
});

describe("cookie domain", () => {
  test("cookieDomain wins over the deprecated api", async () => {
    const { config, warnings } = await load({ "a.yaml": "domains:\n  api: api.stash.example.com\n  cookieDomain: stash.example.com\n" });
    expect(config.cookieDomain).toBe("stash.example.com");
    expect(warnings).toEqual(["a.yaml: domains.api is deprecated, write domains.cookieDomain instead; domains.cookieDomain is set too and wins"]);
  });

  test("api alone is used with a deprecation warning", async () => {
    const { config, warnings } = await load({ "a.yaml": "domains:\n  api: .stash.example.com\n" });
    expect(config.cookieDomain).toBe("stash.example.com");
    expect(warnings).toEqual(["a.yaml: domains.api is deprecated, write domains.cookieDomain instead; its value is used as domains.cookieDomain"]);
  });

  test("cookie domain with a port is rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "domains:\n  cookieDomain: stash.example.com:8081\n" }));
    expect(error.message).toStartWith("a.yaml: domains.cookieDomain: expected a host name");
  });

  test("origin loses its trailing slash", async () => {
    const { config } = await load({ "a.yaml": "domains:\n  allowed: [https://stash.example.com/]\n" });
    expect(config.domains.allowed).toEqual(["https://stash.example.com"]);
  });

  test("origin wildcard is rejected", async () => {
    const error = await configErrorFrom(load({ "a.yaml": "domains:\n  allowed: [http://ok.example.com, 'https://*.example.com']\n" }));
    expect(error.message).toStartWith("a.yaml: domains.allowed[1]: expected an origin");
  });
});

describe("directories from the environment", () => {
  test("STATE_DIRECTORY and CACHE_DIRECTORY set the defaults", async () => {
    const cwd = await directoryWith({});
    const env = { STATE_DIRECTORY: "/var/lib/stashsphere", CACHE_DIRECTORY: "/var/cache/stashsphere" };
    const { config } = await loadConfig({ cwd, env });
    expect(config.stateDirectory).toBe("/var/lib/stashsphere");
    expect(config.cacheDirectory).toBe("/var/cache/stashsphere");
    expect(config.image.path).toBe("/var/lib/stashsphere/image_store");
    expect(config.image.cachePath).toBe("/var/cache/stashsphere/image_cache");
  });

  test("STATE_DIRECTORY with a colon is used as one path", async () => {
    const { config } = await loadConfig({ cwd: "/", env: { STATE_DIRECTORY: "/var/lib/a:/var/lib/b" } });
    expect(config.stateDirectory).toBe("/var/lib/a:/var/lib/b");
  });

  test("without the variables everything lives under stateDirectory", async () => {
    const { cwd, config } = await load({ "a.yaml": "stateDirectory: data\n" });
    expect(config.stateDirectory).toBe(join(cwd, "data"));
    expect(config.cacheDirectory).toBe(join(cwd, "data", "cache"));
    expect(config.image.path).toBe(join(cwd, "data", "image_store"));
    expect(config.image.cachePath).toBe(join(cwd, "data", "cache", "image_cache"));
  });

  test("STATE_DIRECTORY keeps the image store where the original put it", async () => {
    const { config } = await load({ "a.yaml": "stateDirectory: /srv/stash\n" }, { env: { STATE_DIRECTORY: "/var/lib/stashsphere" } });
    expect(config.stateDirectory).toBe("/srv/stash");
    expect(config.image.path).toBe("/var/lib/stashsphere/image_store");
  });

  test("configured image paths win", async () => {
    const { config } = await load({ "a.yaml": "image:\n  path: /data/images\n  cachePath: /data/cache\n" }, { env: { STATE_DIRECTORY: "/var/lib/x" } });
    expect(config.image.path).toBe("/data/images");
    expect(config.image.cachePath).toBe("/data/cache");
  });
});

describe("secure cookies", () => {
  const cases: [string, { flag: boolean; env?: string; file: boolean }, boolean][] = [
    ["all defaults", { flag: false, file: false }, true],
    ["flag disables", { flag: true, file: false }, false],
    ["variable exactly true disables", { flag: false, env: "true", file: false }, false],
    ["variable TRUE does not disable", { flag: false, env: "TRUE", file: false }, true],
    ["variable 1 does not disable", { flag: false, env: "1", file: false }, true],
    ["file disables", { flag: false, file: true }, false],
    ["variable false cannot re-enable", { flag: false, env: "false", file: true }, false],
  ];

  for (const [name, { flag, env, file }, secure] of cases) {
    test(name, async () => {
      const { config } = await load(
        { "a.yaml": `auth:\n  disableSecureCookies: ${file}\n` },
        { disableSecureCookiesFlag: flag, env: { STASHSPHERE_DISABLE_SECURE_COOKIES: env } },
      );
      expect(config.secureCookies).toBe(secure);
    });
  }
});
