import "./styles/app.css";
import { App } from "./app.ts";
import { createDraftImages, type AppServices } from "./app-context.ts";
import { createApiClient } from "./api/client.ts";
import type { InstanceInfo, Profile } from "./api/types.ts";
import { html, render } from "./html.ts";
import { loginPathFor } from "./router/match-route.ts";
import { createRouter } from "./router/router.ts";
import { createSession, type Session } from "./session/session-store.ts";
import { createStore } from "./store/create-store.ts";
import { createCartStore } from "./stores/cart-store.ts";
import { createUnreadStore } from "./stores/unread-store.ts";
import { ApiError } from "./api/api-error.ts";

/**
 * Read the API origin. A deployment that serves this app from another host puts
 * `{"apiHost": "https://api.example.com"}` in `/config.json`; without that file the API is on
 * this page's own origin.
 */
async function loadApiHost(): Promise<string> {
  const response = await fetch("/config.json", { headers: { Accept: "application/json" } });
  if (response.status === 404) return "";
  if (!response.ok) throw new Error(`/config.json returned HTTP ${response.status}`);
  const config = (await response.json()) as { apiHost?: unknown };
  if (config.apiHost !== undefined && typeof config.apiHost !== "string") throw new Error("/config.json: apiHost must be a string");
  return (config.apiHost ?? "").replace(/\/+$/, "");
}

function startServices(apiHost: string): AppServices {
  const router = createRouter();
  let session: Session | undefined;
  const api = createApiClient({
    apiHost,
    beforeRequest: () => session?.ensureFresh() ?? Promise.resolve(),
    onUnauthorized: () => {
      session?.expire();
      if (!location.pathname.startsWith("/user/login")) router.navigate(loginPathFor(router.currentPath()), { replace: true });
    },
  });
  session = createSession({
    readCookies: () => document.cookie,
    nowSeconds: () => Date.now() / 1000,
    refresh: () => api.request("POST", "/api/user/refresh", { anonymous: true }),
  });
  const services: AppServices = {
    api,
    router,
    session,
    cart: createCartStore(api),
    unread: createUnreadStore(api),
    info: createStore<InstanceInfo | undefined>(undefined),
    draftImages: createDraftImages(),
    announcements: createStore(""),
  };

  api.request<InstanceInfo>("GET", "/api/info", { anonymous: true }).then(
    (info) => services.info.set({ ...info, oidcProviders: info.oidcProviders ?? [] }),
    () => services.info.set({ inviteRequired: false, oidcProviders: [] }),
  );
  session.start();
  followLoginState(services);
  return services;
}

/** Load what a logged-in user needs everywhere (profile, cart, unread count) and drop it on logout. */
function followLoginState(services: AppServices) {
  const { session, api, cart, unread, router } = services;
  let stopPolling: (() => void) | undefined;
  const onChange = (loggedIn: boolean) => {
    stopPolling?.();
    stopPolling = undefined;
    if (!loggedIn) {
      cart.clear();
      unread.store.set(0);
      return;
    }
    api.get<Profile>("/api/user/profile").then(session.setProfile, (error: unknown) => {
      // The account was purged while its token was still valid.
      if (error instanceof ApiError && error.status === 404) router.navigate("/user/logout", { replace: true });
    });
    cart.load().catch(() => undefined);
    unread.refresh().catch(() => undefined);
    stopPolling = unread.start();
  };
  let last = session.store.get().loggedIn;
  onChange(last);
  session.store.subscribe((state) => {
    if (state.loggedIn !== last) onChange((last = state.loggedIn));
  });
  addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void session.check();
  });
}

async function boot() {
  const root = document.getElementById("app")!;
  let apiHost: string;
  try {
    apiHost = await loadApiHost();
  } catch (error) {
    root.innerHTML = "";
    render(html`<div class="page narrow" role="alert"><h1>StashSphere cannot start</h1><p>The configuration file /config.json could not be read: ${(error as Error).message}.</p></div>`, root);
    return;
  }
  const services = startServices(apiHost);
  services.router.interceptLinks(document.body);
  root.innerHTML = "";
  render(html`<${App} services=${services} />`, root);
}

void boot();
