/**
 * Just enough of a browser to walk through redirect chains in tests: it keeps cookies per host
 * (honouring Path and Max-Age=0), sends them back, and follows `Location` headers one step at a
 * time. Each host is reached through a handler, so the application under test can run in
 * process while other hosts (an OpenID provider) are real servers on loopback.
 */
export type HostHandler = (request: Request) => Promise<Response>;

interface StoredCookie {
  value: string;
  path: string;
}

export interface Visit {
  url: URL;
  response: Response;
}

const maxRedirects = 20;

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** `handlers` maps a host (`localhost`, `127.0.0.1:4000`) to whatever serves it; other hosts end a walk. */
  constructor(private readonly handlers: Map<string, HostHandler>) {}

  handles(url: URL): boolean {
    return this.handlers.has(url.host);
  }

  /** Send one request with this browser's cookies and store the cookies of the response. */
  async request(url: string | URL, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const handler = this.handlers.get(target.host);
    if (!handler) throw new Error(`the test browser has no handler for ${target.host}`);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await handler(new Request(target, { method: init.method ?? "GET", body: init.body, headers, redirect: "manual" }));
    this.store(target, response.headers.getSetCookie());
    return response;
  }

  /**
   * GET `url` and follow redirects while they point at a handled host, returning every visit.
   * The walk ends at a response that is no redirect, or at a redirect to an unhandled host such
   * as the web app, whose address is `landing`. With `stopBefore`, it also ends before any
   * address the predicate accepts, so a test can tamper with that request.
   */
  async walk(url: string | URL, options: { stopBefore?: (url: URL) => boolean } = {}): Promise<{ visits: Visit[]; landing: URL }> {
    const visits: Visit[] = [];
    let next = new URL(url);
    for (let step = 0; step < maxRedirects; step += 1) {
      const response = await this.request(next);
      visits.push({ url: next, response });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { visits, landing: next };
      next = new URL(location, next);
      if (!this.handles(next) || options.stopBefore?.(next)) return { visits, landing: next };
    }
    throw new Error(`more than ${maxRedirects} redirects starting at ${url}`);
  }

  /** Return the value of a cookie stored for `host`, or undefined. */
  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  /** Overwrite a stored cookie, as a tampering client could. */
  setCookie(host: string, name: string, value: string, path = "/"): void {
    let cookies = this.jar.get(host);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(host, cookies);
    }
    cookies.set(name, { value, path: cookies.get(name)?.path ?? path });
  }

  cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.host);
    if (!cookies) return "";
    return [...cookies.entries()]
      .filter(([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }

  private store(url: URL, setCookies: string[]): void {
    let cookies = this.jar.get(url.host);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(url.host, cookies);
    }
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const path = attributes.find((attribute) => /^path=/i.test(attribute))?.slice(5) || "/";
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute)) || attributes.some((attribute) => /^expires=thu, 01 jan 1970/i.test(attribute));
      // Cookies are kept per name only; the application never sets one name on two paths.
      if (expired) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
  }
}
