import type { LoadResult } from "./wrk.ts";

/** wrk's figures under load, and the median latency of single requests sent one at a time. */
export type Measurement = LoadResult & { singleMs?: number };

/** One scenario's measurement and its ceilings' measurements, taken one after another. */
export interface SuiteRow {
  scenario: string;
  result: Measurement;
  ceilings: { label: string; result: Measurement }[];
}

const header = [
  "| scenario | measured | single ms | req/s | p50 ms | p95 ms | p99 ms | errors | ratio |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];

function cells(result: Measurement): string {
  const single = result.singleMs === undefined ? "" : result.singleMs.toFixed(2);
  return `${single} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(2)} | ${result.p95Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ${result.errors}`;
}

/**
 * The server's line, then one line per ceiling whose ratio is the server's throughput over
 * the ceiling's: 1.00 would mean StashSphere adds nothing to the bare response or query. A scenario whose
 * requests take longer than the measurement shows 0 req/s: then the single-request latency is
 * the figure to read.
 */
export function formatRow(row: SuiteRow): string {
  const lines = [`| ${row.scenario} | StashSphere | ${cells(row.result)} | |`];
  for (const ceiling of row.ceilings) {
    const ratio = row.result.requestsPerSecond / ceiling.result.requestsPerSecond;
    lines.push(`| | ceiling: ${ceiling.label} | ${cells(ceiling.result)} | ${ratio.toFixed(2)} |`);
  }
  return lines.join("\n");
}

export function formatTable(rows: SuiteRow[]): string {
  return [...header, ...rows.map(formatRow)].join("\n");
}
