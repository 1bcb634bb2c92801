import { startPurgeWorker } from "../accounts/purge-worker.ts";
import { createApp } from "../http/app.ts";
import { largestUploadBodyBytes } from "../images/multipart-file.ts";
import { removeOrphanedImageFiles } from "../images/remove-orphaned-image-files.ts";
import { countInFlightRequests } from "../http/in-flight.ts";
import { withAbsoluteUrl } from "../http/request-url.ts";
import { loadWebFiles } from "../http/web-files.ts";
import type { AppDeps } from "../http/deps.ts";
import { systemClock } from "../http/env.ts";
import { migrate, migrationStatus } from "../db/migrate.ts";
import { checkOidcWiring } from "../oidc/wiring-check.ts";
import { providerDirectoryFor } from "../oidc/provider-directory.ts";
import { startMailWorker } from "../mail/mail-worker.ts";
import { version } from "../version.ts";
import { confOption, helpOption, type Command } from "./command.ts";
import { checkDatabaseReadiness } from "./database-readiness.ts";
import { parseListenAddress } from "./listen-address.ts";
import { shutDown } from "./shutdown.ts";
import { loadConfigOrExplain, loadSigningKey, openDatabase, parseConfiguredSigningKey, StartupError } from "./startup.ts";

const shutdownGraceMs = 10_000;
/** Bun.serve's own default request body limit (128 MiB in Bun 1.4.5); larger uploads raise it. */
const bunDefaultMaxRequestBodyBytes = 128 * 1024 * 1024;

export const serveCommand: Command = {
  name: "serve",
  summary: "run the web server (API, web app and background jobs)",
  options: [
    confOption,
    { name: "disable-secure-cookies", kind: "switch", description: "send cookies without Secure, for plain-HTTP test setups" },
    { name: "serve-openapi", kind: "switch", description: "serve the OpenAPI document at /api/openapi.json and a viewer at /api/docs" },
    { name: "debug", kind: "switch", description: "log at debug level" },
    helpOption,
  ],
  async run(options) {
    const { config, log } = await loadConfigOrExplain(options.conf, { disableSecureCookiesFlag: options["disable-secure-cookies"] === true });
    if (options["serve-openapi"] === true) config.serveOpenapi = true;
    const listen = parseListenAddress(config.listenAddress);
    // A configured key is checked before the database is opened, so a typo fails in milliseconds.
    const configuredKey = parseConfiguredSigningKey(config);
    if (!config.secureCookies) log.warn("cookies are sent without the Secure attribute; use this only behind plain HTTP for testing");
    const oidcWiring = checkOidcWiring(config);
    if (oidcWiring.problems.length) throw new StartupError(oidcWiring.problems.join("\n"));
    for (const warning of oidcWiring.warnings) log.warn(warning);

    const db = await openDatabase(config, log, { limitQueryTime: true });
    try {
      await prepareSchema(db, log);
    } catch (error) {
      await db.close();
      throw error;
    }
    const signingKey = configuredKey ?? (await loadSigningKey(config, db, log));

    const deps: AppDeps = {
      db,
      log,
      clock: systemClock,
      config,
      signingKey,
      version,
      webFiles: await loadWebFiles(),
      readiness: () => checkDatabaseReadiness(db),
    };
    const app = createApp(deps);

    const inFlight = countInFlightRequests();
    let server: ReturnType<typeof Bun.serve>;
    try {
      // Slow clients, as measured with Bun 1.4.5: request headers not complete after about
      // 10 s close the connection however slowly they arrive (fixed in Bun), and a body that
      // trickles in a byte at a time is cut after idleTimeout, while a steady upload is not.
      server = Bun.serve({
        hostname: listen.hostname,
        port: listen.port,
        fetch: (request, bunServer) => inFlight.track(async () => app.fetch(withAbsoluteUrl(request, "http://localhost"), bunServer)),
        idleTimeout: 30,
        // Bun rejects larger bodies itself, with a bare 413, before any route sees them.
        maxRequestBodySize: Math.max(bunDefaultMaxRequestBodyBytes, largestUploadBodyBytes(config.image.maxUploadBytes)),
      });
    } catch (error) {
      await db.close();
      throw new StartupError(`cannot listen on ${config.listenAddress}: ${(error as Error).message}`);
    }
    // The web app's address first, so a newcomer can open it from the log line.
    log.info("stashsphere listening", { url: config.frontendUrl, address: config.listenAddress, version, database: db.description });
    const mailWorker = startMailWorker({ db, log, clock: systemClock, config });
    const purgeWorker = startPurgeWorker({ db, log, clock: systemClock, config });
    void removeOrphanedImageFilesOrLog(deps);

    await new Promise<void>((resolve) => {
      const stop = (signal: string) =>
        shutDown(
          {
            server,
            inFlight,
            log,
            graceMs: shutdownGraceMs,
            async stopWorkers() {
              await mailWorker.stop();
              await purgeWorker.stop();
              providerDirectoryFor(deps).close();
            },
            closeDatabase: () => db.close(),
          },
          signal,
        ).then(resolve);
      process.once("SIGTERM", () => void stop("SIGTERM"));
      process.once("SIGINT", () => void stop("SIGINT"));
    });
    return 0;
  },
};

/**
 * Delete image files that a crash left without a row, in the background: the server answers
 * requests meanwhile, and every removal is checked under the hash's lock.
 */
async function removeOrphanedImageFilesOrLog(deps: AppDeps): Promise<void> {
  try {
    const report = await removeOrphanedImageFiles(deps);
    deps.log.info("checked the image store for files without an image row", { files: report.checked, removed: report.removed.length });
  } catch (error) {
    deps.log.error("checking the image store for files without an image row failed; they stay until the next start", { error });
  }
}

/**
 * The embedded database belongs to this process alone, so it is migrated on start. PostgreSQL
 * may be shared by several instances: there an operator runs `stashsphere migrate` (or the
 * service manager does, before start), and `serve` refuses a schema that is behind.
 */
async function prepareSchema(db: AppDeps["db"], log: AppDeps["log"]): Promise<void> {
  if (db.kind === "embedded") {
    const applied = await migrate(db);
    if (applied.length) log.info("applied migrations", { count: applied.length, last: applied.at(-1) });
    return;
  }
  let status: Awaited<ReturnType<typeof migrationStatus>>;
  try {
    status = await migrationStatus(db);
  } catch (error) {
    throw new StartupError(`cannot reach the database (${db.description}): ${(error as Error).message}`);
  }
  if (status.pending.length) {
    throw new StartupError(`the database schema is behind by ${status.pending.length} migration(s) (next: ${status.pending[0]}); run \`stashsphere migrate\` first`);
  }
}
