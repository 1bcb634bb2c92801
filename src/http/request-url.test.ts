import { describe, expect, test } from "bun:test";
import { withAbsoluteUrl } from "./request-url.ts";

async function rawHttp(port: number, text: string): Promise<string> {
  const { promise, resolve } = Promise.withResolvers<string>();
  let received = "";
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_socket, chunk) {
        received += new TextDecoder().decode(chunk);
      },
      close: () => resolve(received),
    },
  });
  socket.write(text);
  return promise;
}

describe("withAbsoluteUrl", () => {
  test("HTTP/1.0 request without Host gets the fallback origin", async () => {
    let seen = "";
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(request) {
        seen = withAbsoluteUrl(request, "http://localhost").url;
        return new Response(new URL(seen).pathname);
      },
    });
    try {
      const response = await rawHttp(server.port as number, "GET /readyz?x=1 HTTP/1.0\r\n\r\n");
      expect(response).toStartWith("HTTP/1.1 200");
      expect(seen).toBe("http://localhost/readyz?x=1");
    } finally {
      await server.stop(true);
    }
  });

  test("absolute URL is kept as it is", () => {
    const request = new Request("http://stash.example/api/info");

    expect(withAbsoluteUrl(request, "http://localhost")).toBe(request);
  });
});
