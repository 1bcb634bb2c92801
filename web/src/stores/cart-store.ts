import { describeError } from "../api/api-error.ts";
import type { ApiClient } from "../api/client.ts";
import type { Cart, CartEntry } from "../api/types.ts";
import { createStore, type Store } from "../store/create-store.ts";

export interface CartState {
  loaded: boolean;
  entries: CartEntry[];
  /** Thing ids whose add or remove is in flight. */
  pending: ReadonlySet<string>;
  /** Why the last add or remove of a thing failed, by thing id. */
  errors: Readonly<Record<string, string>>;
}

export interface CartStore {
  store: Store<CartState>;
  load(): Promise<void>;
  has(thingId: string): boolean;
  /** Add or remove a thing. The change shows at once and is undone when the server rejects it. */
  toggle(thing: { id: string; owner: { id: string } }): Promise<void>;
  clear(): void;
}

const empty: CartState = { loaded: false, entries: [], pending: new Set(), errors: {} };

/** Create the cart store over `POST`/`DELETE /api/cart/items/:thingId`, which change one entry each. */
export function createCartStore(api: ApiClient): CartStore {
  const store = createStore<CartState>(empty);
  const has = (thingId: string) => store.get().entries.some((entry) => entry.thingId === thingId);

  const withPending = (thingId: string, on: boolean) => {
    const pending = new Set(store.get().pending);
    if (on) pending.add(thingId);
    else pending.delete(thingId);
    return pending;
  };

  return {
    store,
    has,
    async load() {
      const cart = await api.get<Cart>("/api/cart");
      store.update((state) => ({ ...state, loaded: true, entries: cart.entries }));
    },
    async toggle(thing) {
      const thingId = thing.id;
      if (store.get().pending.has(thingId)) return;
      const before = store.get().entries;
      const adding = !has(thingId);
      const optimistic = adding
        ? [{ thingId, ownerId: thing.owner.id, createdAt: new Date().toISOString() }, ...before]
        : before.filter((entry) => entry.thingId !== thingId);
      const { [thingId]: _cleared, ...errors } = store.get().errors;
      store.update((state) => ({ ...state, entries: optimistic, pending: withPending(thingId, true), errors }));
      try {
        const path = `/api/cart/items/${encodeURIComponent(thingId)}`;
        const cart = adding ? await api.post<Cart>(path) : await api.delete<Cart>(path);
        store.update((state) => ({ ...state, entries: cart?.entries ?? state.entries, pending: withPending(thingId, false) }));
      } catch (error) {
        const message = adding ? `Could not add to the cart: ${describeError(error)}` : `Could not remove from the cart: ${describeError(error)}`;
        store.update((state) => ({
          ...state,
          entries: adding ? state.entries.filter((entry) => entry.thingId !== thingId) : before,
          pending: withPending(thingId, false),
          errors: { ...state.errors, [thingId]: message },
        }));
      }
    },
    clear: () => store.set(empty),
  };
}
