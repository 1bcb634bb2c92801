/**
 * A small structured logger: one line per event on stderr, either `key=value` text for people
 * or one JSON object per line for log collectors. Fields are an allowlist chosen by the caller;
 * nothing here inspects or prints request bodies, cookies or tokens.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
export type LogFields = Record<string, unknown>;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line, e.g. the request id. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  write?: (line: string) => void;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? "undefined";
}

function serializeForJson(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { message: value.message, name: value.name, stack: value.stack } : value;
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = levelRank[options.level ?? "info"];
  const format = options.format ?? "text";
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));

  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (levelRank[level] < threshold) return;
    const all = { ...bound, ...fields };
    const time = new Date().toISOString();
    if (format === "json") {
      write(JSON.stringify({ time, level, msg: message, ...serializeForJson(all) }));
      return;
    }
    const pairs = Object.entries(all)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${formatValue(value)}`);
    // Stack traces go to the log, never to a client: the error's stack follows on its own lines.
    const stacks = Object.values(all)
      .filter((value): value is Error => value instanceof Error && level === "error" && Boolean(value.stack))
      .map((error) => `\n${error.stack}`);
    write(`${time} ${level.toUpperCase().padEnd(5)} ${message}${pairs.length ? ` ${pairs.join(" ")}` : ""}${stacks.join("")}`);
  };

  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ write: () => {} });
