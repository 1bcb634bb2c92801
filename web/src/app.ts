import { useEffect, useRef } from "preact/hooks";
import { AppContext, useApp, type AppServices } from "./app-context.ts";
import { Header } from "./components/header.ts";
import { html } from "./html.ts";
import { LazyPage } from "./router/lazy-page.ts";
import { findRoute, loginPathFor } from "./router/match-route.ts";
import { forgetNextPath, nextPathAfterLogin } from "./session/next-path.ts";
import { routes } from "./routes.ts";
import { useStore } from "./store/create-store.ts";

function NotFound() {
  return html`<section class="page narrow"><h1>Page not found</h1><p>There is nothing at this address.</p><p><a href="/things">Go to your things</a></p></section>`;
}

/** Picks the page for the current address and applies the login rules of its route. */
function RouteView() {
  const { router, session } = useApp();
  const location = useStore(router.store);
  const loggedIn = useStore(session.store, (state) => state.loggedIn);
  const match = findRoute(routes, location.pathname);
  const route = match?.route;

  const redirect = route?.redirect
    ? route.redirect
    : route?.auth && !loggedIn
      ? loginPathFor(location.pathname + location.search + location.hash)
      : route?.guest && loggedIn
        ? nextPathAfterLogin(location.search)
        : undefined;
  useEffect(() => {
    if (!redirect) return;
    if (route?.guest) forgetNextPath();
    router.navigate(redirect, { replace: true });
  }, [redirect]);

  if (!match) return html`<${NotFound} />`;
  if (redirect || !route?.page) return null;
  return html`<${LazyPage} key=${route.path} load=${route.page} params=${match.params} />`;
}

function Shell() {
  const { router, announcements } = useApp();
  const pathname = useStore(router.store, (location) => location.pathname);
  const announcement = useStore(announcements);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After client-side navigation focus moves to the content, as a page load would, so
    // keyboard and screen-reader users start at the new page instead of the old link.
    if (first.current) {
      first.current = false;
      return;
    }
    // Typing in a field that navigates (the header search) keeps the focus in that field.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) return;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);
  return html`<${Header} />
    <main id="main" ref=${mainRef} tabindex="-1"><${RouteView} /></main>
    <div class="visually-hidden" role="status" aria-live="polite">${announcement}</div>`;
}

/** The providers and the page frame. */
export function App({ services }: { services: AppServices }) {
  return html`<${AppContext.Provider} value=${services}><${Shell} /><//>`;
}
