// Time `stashsphere export` and `import` on a generated instance, with peak memory:
//
//   bun bench/export-import.ts [--scale 0.1] [--binary dist/stashsphere] [--keep DIR]
//
// Generates an instance (bench/generate.ts) into a throwaway PostgreSQL cluster, then runs the
// executable under /usr/bin/time: export from PostgreSQL (tar and tar.gz), import into a new
// PostgreSQL database and into a new embedded database, and export from that embedded
// database. Prints a Markdown table: wall time, peak resident memory, archive size.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateSigningKeyText } from "../src/auth/signing-key.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { generateInstance } from "./generate.ts";

function option(name: string, fallback: string): string {
  const index = Bun.argv.indexOf(`--${name}`);
  return index > 0 ? (Bun.argv[index + 1] ?? fallback) : fallback;
}

const scale = Number(option("scale", "0.1"));
const binary = resolve(option("binary", "dist/stashsphere"));
const directory = await mkdtemp(join(option("keep", tmpdir()), "stashsphere-export-bench-"));
const signingKey = generateSigningKeyText();

interface Measurement {
  step: string;
  seconds: number;
  peakMegabytes: number;
  archive?: string;
}
const measurements: Measurement[] = [];

/** Write a configuration file for PostgreSQL database `name`, or for the embedded database when undefined. */
async function configFor(label: string, socketDirectory: string, name: string | undefined): Promise<string> {
  const stateDirectory = join(directory, label);
  await mkdir(stateDirectory, { recursive: true });
  const database = name ? `database:\n  host: ${socketDirectory}\n  user: postgres\n  name: ${name}\n` : "";
  const path = join(directory, `${label}.yaml`);
  await Bun.write(path, `${database}stateDirectory: ${stateDirectory}\nimage:\n  path: ${join(stateDirectory, "image_store")}\n  cachePath: ${join(stateDirectory, "cache")}\nauth:\n  privateKey: "${signingKey}"\nlog:\n  level: warn\n`);
  return path;
}

async function timed(step: string, args: string[], archive?: string): Promise<void> {
  const child = Bun.spawn(["/usr/bin/time", "-f", "%e s %M KB", binary, ...args], { stdout: "inherit", stderr: "pipe" });
  const [status, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (status !== 0) throw new Error(`${step} failed (${status}):\n${stderr}`);
  const match = /([\d.]+) s (\d+) KB\s*$/.exec(stderr);
  if (!match) throw new Error(`no /usr/bin/time output for ${step}:\n${stderr}`);
  const size = archive ? `${((await stat(archive)).size / 1024 / 1024).toFixed(1)} MiB` : undefined;
  measurements.push({ step, seconds: Number(match[1]), peakMegabytes: Number(match[2]) / 1024, archive: size });
  console.error(`${step}: ${match[1]} s, ${(Number(match[2]) / 1024).toFixed(0)} MiB${size ? `, ${size}` : ""}`);
}

const cluster = await startPostgresCluster();
try {
  const admin = connectPostgresUrl(cluster.url, 1);
  for (const name of ["bench_source", "bench_target"]) await admin.query(sql`create database ${sql.raw(name)}`);
  await admin.close();
  const sourceUrl = new URL(cluster.url);
  sourceUrl.pathname = "/bench_source";

  const source = await configFor("source", cluster.directory, "bench_source");
  const generateStarted = performance.now();
  await generateInstance({ url: sourceUrl.href, seed: 42, scale, imageDir: join(directory, "source", "image_store") });
  console.error(`generated scale ${scale} in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s`);

  const tarFile = join(directory, "instance.tar");
  const gzipFile = join(directory, "instance.tar.gz");
  await timed("export PostgreSQL → tar", ["export", "--conf", source, tarFile], tarFile);
  await timed("export PostgreSQL → tar.gz", ["export", "--conf", source, gzipFile], gzipFile);
  await timed("import tar → PostgreSQL", ["import", "--conf", await configFor("target-postgres", cluster.directory, "bench_target"), tarFile]);
  const embedded = await configFor("target-embedded", cluster.directory, undefined);
  await timed("import tar → embedded", ["import", "--conf", embedded, tarFile]);
  const embeddedTar = join(directory, "embedded.tar");
  await timed("export embedded → tar", ["export", "--conf", embedded, embeddedTar], embeddedTar);

  console.log(`scale ${scale}, ${binary}`);
  console.log("| step | wall time (s) | peak RSS (MiB) | archive |");
  console.log("| --- | --- | --- | --- |");
  for (const row of measurements) console.log(`| ${row.step} | ${row.seconds.toFixed(1)} | ${row.peakMegabytes.toFixed(0)} | ${row.archive ?? ""} |`);
} finally {
  await cluster.stop();
  if (!Bun.argv.includes("--keep")) await rm(directory, { recursive: true, force: true });
}
