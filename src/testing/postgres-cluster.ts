import { appendFile, chown, mkdtemp, realpath, rm } from "node:fs/promises";
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A PostgreSQL server in a temporary directory, reachable only through its Unix socket. */
export interface PostgresCluster {
  /** Connection URL for the `postgres` superuser and database, understood by postgres.js. */
  readonly url: string;
  /** Directory holding the data directory, the socket and the server log. */
  readonly directory: string;
  /** The server's own log, for keeping when a run fails. */
  readonly logFile: string;
  /** Stop the server at once and remove the directory; its data is thrown away. */
  stop(): Promise<void>;
  /**
   * Stop the server and keep its data, as `pg_ctl stop -m <mode>` does. The default, `fast`,
   * ends the sessions and writes a shutdown checkpoint. Resolves once the server has stopped.
   * NOTE: the cluster commits asynchronously, so `immediate` may lose the commits of the last
   * fraction of a second; `fast` and `smart` keep every acknowledged commit.
   */
  stopServer(mode?: ShutdownMode): Promise<void>;
  /** Start a server stopped by `stopServer` again; resolves once it accepts connections. */
  startServer(): Promise<void>;
  /** `stopServer(mode)`, then `startServer()`. */
  restart(mode?: ShutdownMode): Promise<void>;
}

/** `pg_ctl stop -m` modes: wait for sessions to end, end them, or abort without a checkpoint. */
export type ShutdownMode = "smart" | "fast" | "immediate";

const debianInstallRoot = "/usr/lib/postgresql";

/**
 * Find the directory holding `initdb`, `pg_ctl` and `postgres`: first from PATH, then the
 * highest version under Debian's `/usr/lib/postgresql/<version>/bin`, which is not on PATH.
 * Returns undefined when PostgreSQL's server programs are not installed.
 */
export function findPostgresBinDir(): string | undefined {
  // The real path, because pg_ctl finds the `postgres` program beside its own resolved file.
  const onPath = Bun.which("initdb");
  if (onPath && Bun.which("pg_ctl")) return dirname(realpathSync(onPath));

  if (!existsSync(debianInstallRoot)) return undefined;
  const versions = Array.from(new Bun.Glob("*/bin/initdb").scanSync({ cwd: debianInstallRoot }))
    .map((path) => path.split("/")[0]!)
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  const newest = versions[0];
  return newest === undefined ? undefined : join(debianInstallRoot, newest, "bin");
}

interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
  /** util-linux's runuser, which root's PATH usually has from /usr/sbin. */
  runuser: string;
}

function lookUpAccount(name: string, runuser: string): ServerAccount | undefined {
  const uid = Bun.spawnSync(["id", "-u", name], { stderr: "ignore" });
  const gid = Bun.spawnSync(["id", "-g", name], { stderr: "ignore" });
  if (uid.exitCode !== 0 || gid.exitCode !== 0) return undefined;
  return { name, uid: Number(uid.stdout.toString()), gid: Number(gid.stdout.toString()), runuser };
}

/**
 * PostgreSQL refuses to run as root, so a root process hands the server to the `postgres`
 * account (Debian's package creates it) or, failing that, to `nobody`.
 */
function chooseServerAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const runuser = Bun.which("runuser") ?? ["/usr/sbin/runuser", "/sbin/runuser"].find((path) => existsSync(path));
  if (!runuser) throw new Error("running as root, but runuser (util-linux) was not found to start PostgreSQL as another user");
  const account = lookUpAccount("postgres", runuser) ?? lookUpAccount("nobody", runuser);
  if (!account) throw new Error("running as root, but neither a postgres nor a nobody account was found to run PostgreSQL as");
  return account;
}

async function run(argv: string[], account: ServerAccount | undefined, cwd: string): Promise<void> {
  const command = account ? [account.runuser, "-u", account.name, "--", ...argv] : argv;
  const child = Bun.spawn(command, { cwd, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (exitCode !== 0) {
    throw new Error(`${command.join(" ")} failed with exit code ${exitCode}:\n${stdout}${stderr}`);
  }
}

function quoteSetting(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteForShell(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Start a detached shell that stops the server and removes its directory once this process is
 * gone. A process killed with SIGKILL runs no handler, and `bun test` emits no `exit` event, so
 * without it a crashed run would leave a server running. After a normal stop it finds nothing.
 */
function stopWhenThisProcessEnds(stopCommand: string[], directory: string): void {
  const stop = stopCommand.map(quoteForShell).join(" ");
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf ${quoteForShell(directory)}`;
  spawn("sh", ["-c", script], { detached: true, stdio: "ignore" }).unref();
}

/**
 * Create and start a throwaway PostgreSQL cluster for tests. Durability is switched off
 * (no fsync, no full-page writes, asynchronous commit) because the data dies with the run,
 * and TCP is switched off so nothing else on the machine can reach it. `extraSettings` go
 * into postgresql.conf as well (benchmarks give a million-thing instance more shared buffers).
 */
export async function startPostgresCluster(
  binDir = findPostgresBinDir(),
  extraSettings: Record<string, string> = {},
): Promise<PostgresCluster> {
  if (!binDir) throw new Error("PostgreSQL server programs (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql");
  const account = chooseServerAccount();

  // realpath: a TMPDIR reached through a symlink would otherwise give two names for the socket.
  const directory = await mkdtemp(join(await realpath(tmpdir()), "stashsphere-pg-"));
  const dataDir = join(directory, "data");
  const logFile = join(directory, "server.log");
  if (account) await chown(directory, account.uid, account.gid);

  const pgCtl = join(binDir, "pg_ctl");
  const stopCommand = [pgCtl, "stop", "-D", dataDir, "-m", "immediate", "-w"];
  const startServer = () => run([pgCtl, "start", "-D", dataDir, "-l", logFile, "-w", "-t", "60"], account, directory);
  const stopServer = (mode: ShutdownMode = "fast") => run([pgCtl, "stop", "-D", dataDir, "-m", mode, "-w", "-t", "60"], account, directory);
  const stop = async () => {
    if (existsSync(join(dataDir, "postmaster.pid"))) {
      await run(stopCommand, account, directory).catch(() => {});
    }
    await rm(directory, { recursive: true, force: true });
  };

  try {
    await run(
      [
        join(binDir, "initdb"),
        "-D", dataDir,
        "-U", "postgres",
        "-A", "trust",
        "-E", "UTF8",
        // Same collation and character classes as the embedded PGlite, so both backends sort
        // and case-fold text alike.
        "--locale=C.UTF-8",
        "--lc-collate=C",
        "--no-sync",
        "--no-instructions",
      ],
      account,
      directory,
    );
    const settings = {
      listen_addresses: "",
      unix_socket_directories: directory,
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      timezone: "UTC",
      ...extraSettings,
    };
    const lines = Object.entries(settings).map(([name, value]) => `${name} = ${quoteSetting(value)}`);
    await appendFile(join(dataDir, "postgresql.conf"), `\n${lines.join("\n")}\n`);
    await startServer();
    stopWhenThisProcessEnds(account ? [account.runuser, "-u", account.name, "--", ...stopCommand] : stopCommand, directory);
  } catch (error) {
    await stop();
    throw error;
  }

  // postgres.js and libpq both prefer the `host` query parameter (here the socket directory)
  // to the host in the authority. The `localhost` is there because WHATWG URL parsing rejects
  // a user name without a host.
  const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(directory)}`;
  const restart = async (mode?: ShutdownMode) => {
    await stopServer(mode);
    await startServer();
  };
  return { url, directory, logFile, stop, stopServer, startServer, restart };
}
