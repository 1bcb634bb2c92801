import { createStore, type Store } from "../store/create-store.ts";

export interface RouterLocation {
  pathname: string;
  search: string;
  hash: string;
}

export interface Router {
  store: Store<RouterLocation>;
  navigate(to: string, options?: { replace?: boolean }): void;
  /** The current path with its query and fragment, as `next` targets use it. */
  currentPath(): string;
  /** Follow same-origin link clicks without reloading the page; returns the uninstaller. */
  interceptLinks(root: HTMLElement): () => void;
}

const readLocation = (): RouterLocation => ({ pathname: location.pathname, search: location.search, hash: location.hash });

/** Create the router over the History API; there is one per page. */
export function createRouter(): Router {
  const store = createStore<RouterLocation>(readLocation());
  addEventListener("popstate", () => store.set(readLocation()));

  const navigate = (to: string, options: { replace?: boolean } = {}) => {
    const target = new URL(to, location.href);
    if (target.origin !== location.origin) {
      location.assign(target.href);
      return;
    }
    const path = target.pathname + target.search + target.hash;
    if (path === location.pathname + location.search + location.hash) return;
    if (options.replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
    const next = readLocation();
    const samePage = next.pathname === store.get().pathname;
    store.set(next);
    if (!samePage) scrollTo(0, 0);
  };

  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.("a");
    if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute("download") || anchor.dataset.reload !== undefined) return;
    const target = new URL(anchor.href);
    if (target.origin !== location.origin || target.pathname.startsWith("/api/") || target.pathname.startsWith("/assets/")) return;
    event.preventDefault();
    navigate(target.pathname + target.search + target.hash);
  };

  return {
    store,
    navigate,
    currentPath: () => location.pathname + location.search + location.hash,
    interceptLinks(root) {
      root.addEventListener("click", onClick);
      return () => root.removeEventListener("click", onClick);
    },
  };
}
