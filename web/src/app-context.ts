import { useContext } from "preact/hooks";
import type { ApiClient } from "./api/client.ts";
import type { GalleryImage, ImageRef, InstanceInfo } from "./api/types.ts";
import { createContext } from "./html.ts";
import type { Router } from "./router/router.ts";
import type { Session } from "./session/session-store.ts";
import { createStore, type Store } from "./store/create-store.ts";
import type { CartStore } from "./stores/cart-store.ts";
import type { UnreadStore } from "./stores/unread-store.ts";

/** Everything pages share, built once in `main.ts` (or by a test) and handed down by context. */
export interface AppServices {
  api: ApiClient;
  router: Router;
  session: Session;
  cart: CartStore;
  unread: UnreadStore;
  /** `GET /api/info`, loaded once at boot; undefined until it arrives. */
  info: Store<InstanceInfo | undefined>;
  /** Photos picked in the gallery for "create a thing from these photos". */
  draftImages: Store<(ImageRef | GalleryImage)[]>;
  /** Short status messages read out by screen readers. */
  announcements: Store<string>;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error("useApp() needs an AppContext provider above it");
  return services;
}

export const createDraftImages = () => createStore<(ImageRef | GalleryImage)[]>([]);
