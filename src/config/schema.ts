import * as v from "valibot";
import { parseFromAddress } from "../mail/from-address.ts";
import { cookieDomain, httpUrl, ipOrCidr, listenAddress, origin } from "./network-values.ts";
import { oidcSection } from "./oidc-schema.ts";
import { section, sectionWithDefaults } from "./section.ts";
import { optionalSetting, setting } from "./setting.ts";
import { boolean, integer, list, nonEmptyText, oneOf, secretText, text } from "./weak-values.ts";

/**
 * Every configuration key with its type, default and meaning. Keys are camelCase as in the
 * original server's YAML files. A section absent from every file takes the defaults of its
 * keys, except `database`: without it the server uses the embedded database.
 */

const mebibyte = 1024 * 1024;

const databaseSection = section({
  user: setting(nonEmptyText(), "PostgreSQL role.", "stashsphere"),
  name: setting(nonEmptyText(), "Database name.", "stashsphere"),
  host: setting(nonEmptyText(), "TCP host, or the directory of a Unix socket such as /run/postgresql.", "127.0.0.1"),
  password: optionalSetting(secretText(), "Password of the role; unset sends none."),
  port: optionalSetting(integer(1, 65535), "TCP port of the PostgreSQL server.", "unset (5432)"),
  sslmode: optionalSetting(
    oneOf(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]),
    "TLS mode as in libpq.",
    "unset (the driver's default)",
  ),
  maxConnections: setting(integer(1, 1000), "Size of the connection pool.", 10),
  queryTimeoutSeconds: setting(
    integer(0, 3600),
    "Longest a statement of `serve` may wait for a connection and run, in seconds; past it the request gets a 503. Guards against a database that stops answering. 0: no limit. `migrate` and the other commands have no limit.",
    10,
  ),
});

const authSection = section({
  privateKey: setting(
    secretText(),
    "Ed25519 key that signs sessions, as printed by `stashsphere genkey`. Required with PostgreSQL; with the embedded database an empty value means a key generated into the state directory.",
    "",
  ),
  disableSecureCookies: setting(
    boolean(),
    "Send auth cookies without the Secure attribute, for plain-HTTP testing. The --disable-secure-cookies flag and STASHSPHERE_DISABLE_SECURE_COOKIES=true do the same.",
    false,
  ),
  minPasswordLength: setting(integer(8, 128), "Minimum length of new passwords, in characters.", 8),
  oidc: oidcSection,
});

// The original kept images in ./image_store, which depended on the working directory and is
// read-only under systemd's ProtectSystem=strict. Defaults now live in the state and cache
// directories, next to the embedded database, so one directory contains everything to back up.
// An existing $STATE_DIRECTORY/image_store is still found where the original put it.
const imageSection = section({
  path: optionalSetting(nonEmptyText(), "Image store directory.", "$STATE_DIRECTORY/image_store, else <stateDirectory>/image_store"),
  cachePath: optionalSetting(nonEmptyText(), "Resized-image cache directory.", "<cacheDirectory>/image_cache"),
  maxUploadBytes: setting(integer(1), "Largest accepted upload, in bytes.", 25 * mebibyte),
  maxPixels: setting(integer(1), "Largest accepted image, in pixels (width × height).", 50_000_000),
  cacheMaxBytes: setting(integer(1), "Size limit of the resized-image cache, in bytes.", 1024 * mebibyte),
});

const invitesSection = v.pipe(
  section({
    enabled: setting(boolean(), "Registration requires the invite code.", false),
    code: setting(secretText(), "The invite code, compared exactly.", ""),
  }),
  v.forward(
    v.check((invites) => !invites.enabled || invites.code !== "", "must not be empty when invites.enabled is true"),
    ["code"],
  ),
);

const domainsSection = section({
  allowed: setting(list(origin(), "list of origins"), "Origins the browser may call the API from (CORS).", ["http://localhost"]),
  cookieDomain: setting(
    cookieDomain(),
    "Domain attribute of the auth cookies; set the parent of the frontend and API hosts. Empty: host-only cookies.",
    "",
  ),
  api: setting(cookieDomain(), "Deprecated name of cookieDomain, read only when cookieDomain is empty.", ""),
  own: setting(list(text(), "list of strings"), "Accepted for old configuration files; not used.", ["localhost"]),
});

const emailSection = v.pipe(
  section({
    backend: setting(oneOf(["stdout", "smtp"]), "stdout prints mails to standard output; smtp sends them.", "stdout"),
    fromAddr: setting(text(), "Sender as `noreply@example.com` or `StashSphere <noreply@example.com>`; the address alone is the envelope sender.", ""),
    user: setting(text(), "SMTP user name; empty sends no AUTH (a local relay). Credentials go only over TLS unless the host is a loopback address.", ""),
    password: setting(secretText(), "SMTP password.", ""),
    host: setting(text(), "SMTP server host; required for the smtp backend.", ""),
    port: setting(integer(0, 65535), "SMTP server port; required for the smtp backend. 465 means TLS from the start, any other port upgrades with STARTTLS when the server offers it.", 0),
  }),
  v.forward(v.check((email) => email.backend !== "smtp" || email.host !== "", "must be set when email.backend is smtp"), ["host"]),
  v.forward(v.check((email) => email.backend !== "smtp" || email.port !== 0, "must be set when email.backend is smtp"), ["port"]),
  v.forward(
    v.check(
      // Checked once host and port are set, so an incomplete section reports one problem at a time.
      (email) => email.backend !== "smtp" || email.host === "" || email.port === 0 || parseFromAddress(email.fromAddr) !== undefined,
      'must be one address such as noreply@example.com or "StashSphere <noreply@example.com>" when email.backend is smtp',
    ),
    ["fromAddr"],
  ),
);

const userDeletionSection = section({
  gracePeriodMinutes: setting(
    v.pipe(integer(), v.transform((minutes) => (minutes === 0 ? 1440 : minutes))),
    "Delay between a deletion request and the purge, in minutes; 0 means 1440, a negative value purges at the next pass.",
    1440,
  ),
});

const logSection = section({
  level: setting(oneOf(["debug", "info", "warn", "error"]), "Lowest level that is logged.", "info"),
  format: setting(oneOf(["text", "json"]), "text for people, json for log collectors.", "text"),
});

export const configSchema = section({
  database: v.optional(databaseSection),
  listenAddress: setting(listenAddress(), "Address of the plain-HTTP listener; TLS belongs to a reverse proxy.", ":8081"),
  baseUrl: optionalSetting(httpUrl({ trimTrailingSlash: true }), "Public URL of the API, base of the OIDC callback URLs; required behind a reverse proxy or TLS.", "the scheme and Host header of each request"),
  frontendUrl: optionalSetting(
    httpUrl({ trimTrailingSlash: true }),
    "Public URL of the web app, used in links in e-mails and as the page where OIDC logins end.",
    "http://localhost with the port of listenAddress (http://localhost:8081)",
  ),
  instanceName: setting(text(), "Name of this instance, shown in e-mail subjects.", "stashsphereDev"),
  stateDirectory: optionalSetting(nonEmptyText(), "Directory for the embedded database, images and the generated key.", "$STATE_DIRECTORY, else ./stashsphere-data"),
  trustedProxies: setting(list(ipOrCidr(), "list of IP addresses or CIDR ranges"), "Reverse proxies whose X-Forwarded-For and X-Real-IP headers are trusted.", []),
  serveOpenapi: setting(boolean(), "Serve the OpenAPI document at /api/openapi.json and a browsable page of it at /api/docs.", false),
  auth: sectionWithDefaults(authSection),
  image: sectionWithDefaults(imageSection),
  invites: sectionWithDefaults(invitesSection),
  domains: sectionWithDefaults(domainsSection),
  email: sectionWithDefaults(emailSection),
  userDeletion: sectionWithDefaults(userDeletionSection),
  log: sectionWithDefaults(logSection),
});

export type ValidatedSettings = v.InferOutput<typeof configSchema>;
