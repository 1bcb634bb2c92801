/** A raw TCP client that sends a request in pieces, for slow-client and shutdown tests. */
export interface SlowClient {
  /** Send more bytes; resolves when they are handed to the socket. */
  write(data: string | Uint8Array): void;
  /** Everything the server sent so far, as text. */
  received(): string;
  /** Resolves when the server (or the client) closed the connection. */
  readonly closed: Promise<void>;
  isClosed(): boolean;
  end(): void;
}

/** Open a TCP connection to `127.0.0.1:port` and send nothing yet. */
export async function openSlowClient(port: number): Promise<SlowClient> {
  let text = "";
  let closedFlag = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const decoder = new TextDecoder();
  const markClosed = () => {
    closedFlag = true;
    resolveClosed();
  };
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_socket, chunk) {
        text += decoder.decode(chunk, { stream: true });
      },
      close: markClosed,
      end: markClosed,
      error: markClosed,
    },
  });
  return {
    write: (data) => {
      if (!closedFlag) socket.write(data);
    },
    received: () => text,
    closed,
    isClosed: () => closedFlag,
    end: () => socket.end(),
  };
}

/** Send `body` to `client` a few bytes at a time until it is sent, the connection closes or `stop()` returns true. */
export async function dribble(client: SlowClient, body: string, options: { bytesPerStep: number; stepMs: number; stop?: () => boolean }): Promise<void> {
  for (let offset = 0; offset < body.length && !client.isClosed() && !options.stop?.(); offset += options.bytesPerStep) {
    client.write(body.slice(offset, offset + options.bytesPerStep));
    await Bun.sleep(options.stepMs);
  }
}
