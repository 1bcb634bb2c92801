import { stderrLineWriter } from "./line-writer.ts";

/**
 * A small structured logger: one line per event on stderr, either `key=value` text for people
 * or one JSON object per line for log collectors. Fields are an allowlist chosen by the caller;
 * nothing here inspects or prints request bodies, cookies or tokens.
 *
 * Every request writes a line and makes a child logger, so both are kept cheap: a child is one
 * small object sharing its parent's sink, and the timestamp text is reused within a millisecond.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
export type LogFields = Record<string, unknown>;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const textLevel: Record<LogLevel, string> = { debug: "DEBUG", info: "INFO ", warn: "WARN ", error: "ERROR" };

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
  /** Receives each line without its newline; stderr (written at the end of the event loop turn) when absent. */
  write?: (line: string) => void;
}

const plainText = /^[\w.:/@+-]+$/;

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return plainText.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? "undefined";
}

function jsonValue(value: unknown): unknown {
  return value instanceof Error ? { message: value.message, name: value.name, stack: value.stack } : value;
}

let stampedAt = Number.NaN;
let stamp = "";

/** Return the current time as RFC 3339 text, formatted once per millisecond however many lines share it. */
function timestamp(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

interface Sink {
  threshold: number;
  format: LogFormat;
  write: (line: string) => void;
}

function jsonLine(level: LogLevel, message: string, bound: LogFields, fields: LogFields | undefined): string {
  const record: LogFields = { time: timestamp(), level, msg: message };
  for (const key in bound) record[key] = jsonValue(bound[key]);
  if (fields) for (const key in fields) record[key] = jsonValue(fields[key]);
  return JSON.stringify(record);
}

function textLine(level: LogLevel, message: string, bound: LogFields, fields: LogFields | undefined): string {
  const all = fields ? { ...bound, ...fields } : bound;
  let line = `${timestamp()} ${textLevel[level]} ${message}`;
  let stacks = "";
  for (const key in all) {
    const value = all[key];
    if (value === undefined) continue;
    line += ` ${key}=${formatValue(value)}`;
    // Stack traces go to the log, never to a client: the error's stack follows on its own lines.
    if (level === "error" && value instanceof Error && value.stack) stacks += `\n${value.stack}`;
  }
  return line + stacks;
}

class SinkLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly bound: LogFields,
  ) {}

  private emit(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (levelRank[level] < this.sink.threshold) return;
    const format = this.sink.format === "json" ? jsonLine : textLine;
    this.sink.write(format(level, message, this.bound, fields));
  }

  debug(message: string, fields?: LogFields): void {
    this.emit("debug", message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.emit("info", message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.emit("warn", message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.emit("error", message, fields);
  }

  child(fields: LogFields): Logger {
    return new SinkLogger(this.sink, { ...this.bound, ...fields });
  }
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const sink: Sink = {
    threshold: levelRank[options.level ?? "info"],
    format: options.format ?? "text",
    write: options.write ?? stderrLineWriter(),
  };
  return new SinkLogger(sink, bound);
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ write: () => {} });
