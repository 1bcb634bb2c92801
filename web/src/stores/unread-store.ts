import type { ApiClient } from "../api/client.ts";
import { createStore, type Store } from "../store/create-store.ts";

export interface UnreadStore {
  /** Number of unacknowledged notifications. */
  store: Store<number>;
  refresh(): Promise<void>;
  /** Mark one notification read; the count drops at once and comes back when the server rejects it. */
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
  /** Poll every minute while the page is visible; returns the function that stops it. */
  start(): () => void;
}

export const pollIntervalMs = 60_000;

export function createUnreadStore(api: ApiClient): UnreadStore {
  const store = createStore(0);
  const refresh = async () => {
    const { count } = await api.get<{ count: number }>("/api/notifications/unread-count");
    store.set(count);
  };
  return {
    store,
    refresh,
    async markRead(id) {
      store.update((count) => Math.max(0, count - 1));
      try {
        await api.patch(`/api/notifications/${encodeURIComponent(id)}`);
      } catch (error) {
        store.update((count) => count + 1);
        throw error;
      }
    },
    async markAllRead() {
      const before = store.get();
      store.set(0);
      try {
        await api.post("/api/notifications/acknowledge-all");
      } catch (error) {
        store.set(before);
        throw error;
      }
    },
    start() {
      const timer = setInterval(() => {
        if (document.visibilityState === "visible") refresh().catch(() => undefined);
      }, pollIntervalMs);
      return () => clearInterval(timer);
    },
  };
}
