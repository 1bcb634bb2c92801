import { useEffect, useState } from "preact/hooks";
import { html, type ComponentChildren } from "../html.ts";
import type { RouteParams } from "./match-route.ts";

export interface PageProps {
  params: RouteParams;
}

export type PageComponent = (props: PageProps) => ComponentChildren;
export type PageLoader = () => Promise<PageComponent>;

const loaded = new Map<PageLoader, PageComponent>();

/**
 * Render a page whose code is split into its own chunk. While the chunk loads the user sees
 * "Loading page…"; when it fails (offline, or a deploy replaced the chunk) they get a reload button.
 */
export function LazyPage({ load, params }: { load: PageLoader; params: RouteParams }) {
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const Page = loaded.get(load);
  useEffect(() => {
    if (Page) return;
    let cancelled = false;
    setFailed(false);
    load().then(
      (page) => {
        loaded.set(load, page);
        if (!cancelled) setVersion((n) => n + 1);
      },
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [load]);
  if (Page) return html`<${Page} params=${params} />`;
  if (failed) {
    return html`<div class="page-error" role="alert"><p>This page could not be loaded. The app may have been updated, or the connection dropped.</p>
      <button type="button" class="button primary" onClick=${() => location.reload()}>Reload</button></div>`;
  }
  return html`<p class="loading page-loading" role="status"><span class="spinner" aria-hidden="true"></span>Loading page…</p>`;
}

/** Start downloading a page's chunk before it is needed, for instance on hover. */
export function preloadPage(load: PageLoader): void {
  if (!loaded.has(load)) load().then((page) => loaded.set(load, page), () => undefined);
}
