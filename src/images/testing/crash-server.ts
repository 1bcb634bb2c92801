// A whole server in a child process, for tests that kill it mid-request and for measuring its
// memory. Usage:
//   bun src/images/testing/crash-server.ts <state directory> [PostgreSQL URL]
// It opens the PostgreSQL database, or else (creates) the embedded one in the state directory,
// makes sure a test user exists, listens on a free loopback port and prints one JSON line:
// { port, cookie, imagePath }.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { accessCookie } from "../../auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "../../auth/signing-key.ts";
import { issueAccessToken } from "../../auth/tokens.ts";
import { loadConfig } from "../../config/index.ts";
import { queryOne } from "../../db/database.ts";
import { openEmbedded } from "../../db/embedded.ts";
import { migrate } from "../../db/migrate.ts";
import { connectPostgresUrl } from "../../db/postgres.ts";
import { sql } from "../../db/sql.ts";
import { createApp } from "../../http/app.ts";
import { systemClock } from "../../http/env.ts";
import { silentLogger } from "../../log/logger.ts";
import { version } from "../../version.ts";

const stateDirectory = process.argv[2];
if (!stateDirectory) throw new Error("usage: crash-server.ts <state directory>");

await mkdir(stateDirectory, { recursive: true });
const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
config.secureCookies = false;
const databaseUrl = process.argv[3];
const db = databaseUrl ? connectPostgresUrl(databaseUrl) : await openEmbedded({ dataDir: join(stateDirectory, "database") });
await migrate(db);

await db.query(sql`insert into users (id, name, email, password_hash) values ('crash-test-user', 'Crash', 'crash@example.test', 'x') on conflict do nothing`);
const user = await queryOne<{ session_epoch: number }>(db, sql`select session_epoch from users where id = 'crash-test-user'`);
const signingKey = parseSigningKey(generateSigningKeyText());
const access = await issueAccessToken(signingKey, { id: "crash-test-user", name: "Crash", email: "crash@example.test", sessionEpoch: user!.session_epoch }, new Date());

const app = createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version, readiness: async () => ({ ready: true }) });
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
console.log(JSON.stringify({ port: server.port, cookie: `${accessCookie}=${access.token}`, imagePath: config.image.path }));
