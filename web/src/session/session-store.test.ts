import { expect, test } from "bun:test";
import { ApiError } from "../api/api-error.ts";
import { createSession } from "./session-store.ts";

const infoToken = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
const now = 1_770_000_000;

function fixture(initialCookies: string, refresh: () => Promise<void>) {
  let cookies = initialCookies;
  let refreshCalls = 0;
  const session = createSession({
    readCookies: () => cookies,
    nowSeconds: () => now,
    refresh: async () => {
      refreshCalls++;
      await refresh();
    },
  });
  return { session, setCookies: (value: string) => (cookies = value), refreshCalls: () => refreshCalls };
}

test("concurrent requests share one refresh", async () => {
  const setup = fixture(`stashsphere-info=${infoToken({ userId: "U1", exp: now + 60 })}; stashsphere-refresh-info=r`, async () => {
    await Bun.sleep(5);
    setup.setCookies(`stashsphere-info=${infoToken({ userId: "U1", exp: now + 6 * 3600 })}; stashsphere-refresh-info=r`);
  });
  await Promise.all([setup.session.ensureFresh(), setup.session.ensureFresh(), setup.session.ensureFresh()]);
  expect(setup.refreshCalls()).toBe(1);
  expect(setup.session.store.get()).toMatchObject({ loggedIn: true, userId: "U1" });
});

test("rejected refresh token logs out although the cookies stay", async () => {
  const cookies = `stashsphere-info=${infoToken({ exp: now + 60 })}; stashsphere-refresh-info=r`;
  const setup = fixture(cookies, async () => {
    throw new ApiError(401, "unauthenticated", "expired");
  });
  await setup.session.ensureFresh();
  expect(setup.session.store.get().loggedIn).toBe(false);
  await setup.session.ensureFresh();
  expect(setup.refreshCalls()).toBe(1);
});

test("network failure during refresh keeps the session", async () => {
  const setup = fixture(`stashsphere-refresh-info=r`, async () => {
    throw new ApiError(0, "network", "offline");
  });
  await setup.session.ensureFresh();
  expect(setup.session.store.get().loggedIn).toBe(true);
});

test("expired session counts as logged in again after a new login", async () => {
  const setup = fixture(`stashsphere-info=${infoToken({ userId: "U1", exp: now + 3600 })}`, async () => undefined);
  setup.session.expire();
  await setup.session.check();
  expect(setup.session.store.get().loggedIn).toBe(false);
  setup.setCookies(`stashsphere-info=${infoToken({ userId: "U2", exp: now + 7200 })}`);
  await setup.session.check();
  expect(setup.session.store.get()).toMatchObject({ loggedIn: true, userId: "U2" });
});

test("logout in another tab is noticed on the next check", async () => {
  const setup = fixture(`stashsphere-info=${infoToken({ userId: "U1", exp: now + 3600 })}`, async () => undefined);
  setup.setCookies("");
  await setup.session.check();
  expect(setup.session.store.get()).toMatchObject({ loggedIn: false, userId: null });
});
