import type postgres from "postgres";

type Cell = string | null | undefined;

// COPY's text format: backslash escapes for the characters that delimit rows and columns.
function escapeCell(value: Cell): string {
  if (value === null || value === undefined) return "\\N";
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** Stream rows into `table (columns)` with COPY, in chunks, waiting when the socket is full. */
export async function copyRows(client: postgres.Sql, target: string, rows: () => Iterable<Cell[]>): Promise<number> {
  const started = performance.now();
  const stream = await client.unsafe(`copy ${target} from stdin`).writable();
  let count = 0;
  let chunk = "";
  const flush = async () => {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
    chunk = "";
  };
  for (const row of rows()) {
    chunk += `${row.map(escapeCell).join("\t")}\n`;
    count++;
    if (chunk.length > 1 << 20) await flush();
  }
  if (chunk) await flush();
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${target.split(" ")[0]}: ${count} rows in ${seconds.toFixed(1)} s`);
  return count;
}
