import { ApiError } from "../api/api-error.ts";
import type { Profile } from "../api/types.ts";
import { createStore, type Store } from "../store/create-store.ts";
import { accessInfoCookie, isLoggedIn, needsRefresh, readCookie, readSessionCookies, refreshInfoCookie, type SessionCookies } from "./session-cookies.ts";

export interface SessionState {
  loggedIn: boolean;
  /** Id of the logged-in user, from the token claims, known before the profile loads. */
  userId: string | null;
  profile: Profile | null;
}

export interface Session {
  store: Store<SessionState>;
  /** Renew the session first when the access token expires within 15 minutes. */
  ensureFresh(): Promise<void>;
  /** Re-read the cookies (after login, logout or in another tab) and refresh when due. */
  check(): Promise<void>;
  setProfile(profile: Profile | null): void;
  /**
   * End the session after the server returned 401. The info cookies may still be there (for
   * instance after the server's key changed), so they count as logged out until they change.
   */
  expire(): void;
  /** Start checking every 30 seconds; returns the function that stops it. */
  start(): () => void;
}

export interface SessionDeps {
  readCookies: () => string;
  nowSeconds: () => number;
  /** `POST /api/user/refresh`; rejects with an ApiError when the refresh token is no longer valid. */
  refresh: () => Promise<void>;
}

export const checkIntervalMs = 30_000;

/** Create the session store, which tracks login state from the JS-readable info cookies. */
export function createSession(deps: SessionDeps): Session {
  let rejected: string | undefined;
  const fingerprint = (raw: string) => `${readCookie(raw, accessInfoCookie) ?? ""} ${readCookie(raw, refreshInfoCookie) ?? ""}`;
  const read = (): { cookies: SessionCookies; loggedIn: boolean } => {
    const raw = deps.readCookies();
    const cookies = readSessionCookies(raw);
    if (rejected !== undefined && fingerprint(raw) !== rejected) rejected = undefined;
    return { cookies, loggedIn: rejected === undefined && isLoggedIn(cookies) };
  };

  const initial = read();
  const store = createStore<SessionState>({ loggedIn: initial.loggedIn, userId: initial.cookies.access?.userId ?? null, profile: null });
  let refreshing: Promise<void> | undefined;

  const sync = () => {
    const { cookies, loggedIn } = read();
    const userId = cookies.access?.userId ?? store.get().userId;
    const current = store.get();
    if (current.loggedIn !== loggedIn || current.userId !== userId) {
      store.set({ loggedIn, userId: loggedIn ? userId : null, profile: loggedIn ? current.profile : null });
    }
    return cookies;
  };

  const expire = () => {
    rejected = fingerprint(deps.readCookies());
    store.set({ loggedIn: false, userId: null, profile: null });
  };

  const ensureFresh = async () => {
    const cookies = sync();
    if (rejected !== undefined || !needsRefresh(cookies, deps.nowSeconds())) return;
    refreshing ??= deps
      .refresh()
      .catch((error: unknown) => {
        // A rejected refresh token ends the session; a network failure leaves it for the next try.
        if (error instanceof ApiError && error.status === 401) expire();
      })
      .finally(() => {
        refreshing = undefined;
        sync();
      });
    await refreshing;
  };

  return {
    store,
    ensureFresh,
    check: ensureFresh,
    setProfile: (profile) => store.update((state) => ({ ...state, profile, userId: profile?.id ?? state.userId })),
    expire,
    start() {
      const timer = setInterval(() => void ensureFresh(), checkIntervalMs);
      return () => clearInterval(timer);
    },
  };
}
