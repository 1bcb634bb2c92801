import { describe, expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import { PasswordInputAborted, readFirstLine, readPasswordWithoutEcho } from "./read-password.ts";

/** A stand-in for a TTY: records raw-mode switches and lets the test type. */
class FakeTerminal extends EventEmitter {
  rawModes: boolean[] = [];
  setRawMode(enabled: boolean) {
    this.rawModes.push(enabled);
  }
  resume() {}
  pause() {}
  type(text: string) {
    this.emit("data", Buffer.from(text));
  }
}

function capture() {
  const written: string[] = [];
  return { written, output: { write: (text: string) => written.push(text) } };
}

describe("readPasswordWithoutEcho", () => {
  test("returns what was typed up to Enter without echoing it", async () => {
    const terminal = new FakeTerminal();
    const { written, output } = capture();

    const reading = readPasswordWithoutEcho(terminal, output, "Password: ");
    terminal.type("sécret");
    terminal.type(" wörds\r");

    expect(await reading).toBe("sécret wörds");
    expect(written).toEqual(["Password: ", "\n"]);
    expect(terminal.rawModes).toEqual([true, false]);
  });

  test("Backspace deletes the last character", async () => {
    const terminal = new FakeTerminal();

    const reading = readPasswordWithoutEcho(terminal, capture().output, "> ");
    terminal.type("abcx\u007fd\b\be\n");

    expect(await reading).toBe("abe");
  });

  test("Ctrl-C aborts and leaves raw mode", async () => {
    const terminal = new FakeTerminal();

    const reading = readPasswordWithoutEcho(terminal, capture().output, "> ");
    terminal.type("abc\u0003");

    await expect(reading).rejects.toBeInstanceOf(PasswordInputAborted);
    expect(terminal.rawModes).toEqual([true, false]);
  });

  test("Ctrl-D on an empty line aborts", async () => {
    const terminal = new FakeTerminal();

    const reading = readPasswordWithoutEcho(terminal, capture().output, "> ");
    terminal.type("\u0004");

    await expect(reading).rejects.toBeInstanceOf(PasswordInputAborted);
  });
});

describe("readFirstLine", () => {
  async function* chunks(...parts: string[]) {
    for (const part of parts) yield Buffer.from(part);
  }

  test("returns the first line without its ending", async () => {
    expect(await readFirstLine(chunks("  spaced pass", "word \r\nsecond line\n"))).toBe("  spaced password ");
  });

  test("accepts a last line without newline", async () => {
    expect(await readFirstLine(chunks("no newline"))).toBe("no newline");
  });

  test("returns undefined for empty input", async () => {
    expect(await readFirstLine(chunks())).toBeUndefined();
  });
});
