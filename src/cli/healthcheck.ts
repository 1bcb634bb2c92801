import { confOption, helpOption, type Command } from "./command.ts";
import { parseListenAddress } from "./listen-address.ts";
import { loadConfigOrExplain } from "./startup.ts";
import { UsageError } from "./args.ts";

const defaultTimeoutSeconds = 5;

/**
 * Returns the readiness URL of a server listening on `listenAddress`: a wildcard address is
 * reached over loopback of the same IP version.
 */
export function readinessUrlFor(listenAddress: string): string {
  const { hostname, port } = parseListenAddress(listenAddress);
  let host = hostname;
  if (hostname === "0.0.0.0") host = "127.0.0.1";
  else if (hostname === "::") host = "[::1]";
  else if (hostname.includes(":")) host = `[${hostname}]`;
  return `http://${host}:${port}/readyz`;
}

export const healthcheckCommand: Command = {
  name: "healthcheck",
  summary: "request a URL of a running server; exit 0 on a 2xx answer, 1 otherwise",
  details:
    "Meant for container health checks in images without curl. Without --url it requests\n" +
    "/readyz at the listenAddress of the configuration (a wildcard address becomes loopback).",
  options: [
    { name: "url", kind: "value", valueName: "URL", description: "URL to request (default: /readyz at the configured listenAddress)" },
    { name: "timeout", kind: "value", valueName: "SECONDS", description: `give up after this many seconds (default: ${defaultTimeoutSeconds})` },
    confOption,
    helpOption,
  ],
  async run(options) {
    const timeoutSeconds = options.timeout === undefined ? defaultTimeoutSeconds : Number(options.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new UsageError(`--timeout: expected a positive number of seconds, got ${JSON.stringify(options.timeout)}`);
    }
    const url = typeof options.url === "string" ? options.url : readinessUrlFor((await loadConfigOrExplain(options.conf)).config.listenAddress);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new UsageError(`--url: expected an http or https URL, got ${JSON.stringify(url)}`);
    }

    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: "manual" });
      const body = (await response.text()).trim().slice(0, 200);
      const line = `${url}: ${response.status}${body ? ` ${body}` : ""}`;
      if (response.ok) {
        console.log(line);
        return 0;
      }
      console.error(line);
      return 1;
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      console.error(`${url}: ${timedOut ? `timed out after ${timeoutSeconds} s` : (error as Error).message}`);
      return 1;
    }
  },
};
