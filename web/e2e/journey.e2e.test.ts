// Two people use the compiled binary through headless Chromium, on a fresh embedded database:
// they register, become friends, share a thing with photos, and lose access when they
// unfriend. The same server and browser then serve the phone, keyboard and axe checks, which
// keeps the whole file to one server start.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { photoFixturesDirectory } from "../../src/images/testing/photo-fixtures.ts";
import { seriousAxeViolations } from "./axe.ts";
import { chromiumPath, launchChromium } from "./browser.ts";
import { serverUnavailableReason, startServer, type RunningServer } from "./stashsphere-server.ts";

const unavailable =
  serverUnavailableReason() ??
  (existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing (apt-get install -y chromium)`) ??
  (existsSync(photoFixturesDirectory) ? undefined : `no photo fixtures in ${photoFixturesDirectory}; set STASHSPHERE_PHOTO_FIXTURES`);
if (unavailable) console.warn(`skipping the journey end-to-end tests: ${unavailable}`);

const screenshotsDirectory = join(import.meta.dir, "..", "..", "test-artifacts", "screenshots");
// Stored sideways (450x600) with EXIF orientation 6: upright it is 600x450, like the reference photo.
const sidewaysPhoto = join(photoFixturesDirectory, "orientation_landscape_6.jpg");
const secondPhoto = join(photoFixturesDirectory, "gps_DSCN0010.jpg");

interface Person {
  name: string;
  email: string;
  password: string;
}

const alice: Person = { name: "Alice Ashdown", email: "alice@example.test", password: "alice-long-password" };
const bob: Person = { name: "Bob Birchfield", email: "bob@example.test", password: "bob-long-password" };
const thingName = "Cordless drill";
// A thing's own page, and not the form at /things/create that leads to it.
const thingPageUrl = /\/things\/(?!create$)[^/]+$/;

let server: RunningServer;
let browser: Browser;
let alicePage: Page;
let bobPage: Page;
let thingId = "";

beforeAll(async () => {
  if (unavailable) return;
  mkdirSync(screenshotsDirectory, { recursive: true });
  [server, browser] = await Promise.all([startServer({ compiled: true }), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

async function registerThroughUi(page: Page, person: Person): Promise<void> {
  await page.goto("/user/register");
  await page.getByTestId("register-name").fill(person.name);
  await page.getByTestId("register-email").fill(person.email);
  await page.getByTestId("register-password").fill(person.password);
  await page.getByTestId("register-confirm").fill(person.password);
  await page.getByTestId("register-invite").fill("e2e-invite");
  await page.getByTestId("register-submit").click();
  await page.waitForURL("**/user/login?registered=1");
}

async function logInThroughUi(page: Page, person: Person): Promise<void> {
  await page.getByTestId("login-email").fill(person.email);
  await page.getByTestId("login-password").fill(person.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL("**/things");
}

/** Wait until the things page has loaded its grid or its empty state. */
async function thingsShown(page: Page): Promise<string[]> {
  await page.locator("ul.grid, p.empty").first().waitFor();
  return page.locator("[data-testid=thing-card] .card-title").allTextContents();
}

/** Screenshot the page into the artefacts folder and expect no serious axe violation. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await page.locator("main h1").first().waitFor();
  await page.screenshot({ path: join(screenshotsDirectory, `${name}.png`), fullPage: true });
  expect({ screen: name, violations: await seriousAxeViolations(page) }).toEqual({ screen: name, violations: [] });
}

/**
 * Expect the Quantity and Unit labels of the thing form on one line, or Unit wrapped entirely
 * below the quantity stepper on a narrow screen.
 */
async function expectQuantityBesideUnit(page: Page): Promise<void> {
  const layout = await page.evaluate(() => {
    const quantity = document.querySelector('label[for="quantity"]')!.getBoundingClientRect();
    const stepper = document.querySelector(".stepper")!.getBoundingClientRect();
    const unit = document.querySelector('input[name="quantityUnit"]')!.closest(".field")!.querySelector("label")!.getBoundingClientRect();
    return { quantityTop: quantity.top, unitTop: unit.top, stepperBottom: stepper.bottom };
  });
  if (layout.unitTop > layout.stepperBottom) return;
  expect(layout.unitTop).toBeCloseTo(layout.quantityTop, 0);
}

describe.skipIf(unavailable !== undefined)("journey of two friends on the compiled binary", () => {
  test("register, befriend, share a thing with photos, then unfriend", async () => {
    [alicePage, bobPage] = await Promise.all([newPage(), newPage()]);
    await registerThroughUi(alicePage, alice);
    await checkScreen(alicePage, "login");
    await registerThroughUi(bobPage, bob);
    await logInThroughUi(alicePage, alice);
    await logInThroughUi(bobPage, bob);

    // Alice asks Bob to be her friend; Bob accepts on his friends page.
    await alicePage.goto("/friends");
    await alicePage.getByTestId("user-search").fill("Bob Birch");
    await alicePage.getByTestId("send-request").click();
    await alicePage.getByTestId("request-sent").waitFor();
    const found = alicePage.getByRole("list", { name: "People found" }).getByRole("listitem");
    expect(await found.allTextContents()).toEqual([expect.stringContaining(bob.name)]);
    expect(await found.getByTestId("search-relation").textContent()).toBe("Request sent");
    await bobPage.goto("/friends");
    await bobPage.getByTestId("accept-request").click();
    await bobPage.getByTestId("unfriend").waitFor();
    await bobPage.goto("/notifications");
    await bobPage.locator("main h1").waitFor();
    await expect(bobPage.getByTestId("notifications-link").getAttribute("aria-label")).resolves.toBe("Notifications");

    // Alice creates the thing with two photos, the first one stored sideways.
    await alicePage.goto("/things/create");
    await alicePage.getByTestId("upload-input").setInputFiles([sidewaysPhoto, secondPhoto]);
    await alicePage.locator('[aria-label="Photos of this thing"] li').nth(1).waitFor();
    await alicePage.getByTestId("thing-name").fill(thingName);
    await expectQuantityBesideUnit(alicePage);
    await alicePage.getByTestId("thing-save").click();
    await alicePage.waitForURL(thingPageUrl);
    thingId = new URL(alicePage.url()).pathname.split("/").pop()!;
    await alicePage.getByTestId("share-link").click();
    await alicePage.getByTestId("sharing-friends").check();
    await alicePage.getByTestId("sharing-save").click();
    await alicePage.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await expect(alicePage.getByTestId("audience-reason").first().textContent()).resolves.toBe("your friend");

    // A photo uploaded into a form that was then left stays among the unassigned ones.
    await alicePage.goto("/things/create");
    await alicePage.getByTestId("upload-input").setInputFiles([join(photoFixturesDirectory, "Canon_40D.jpg")]);
    await alicePage.locator('[aria-label="Photos of this thing"] li').first().waitFor();
    await alicePage.goto("/images");
    await alicePage.locator("ul.masonry > *").first().waitFor();
    await expect(alicePage.locator("ul.masonry > *").count()).resolves.toBe(1);

    // Bob sees it upright in his grid, finds it by search and puts it in his cart.
    await bobPage.goto("/things");
    expect(await thingsShown(bobPage)).toEqual([thingName]);
    const thumbnail = bobPage.locator("[data-testid=thing-card] .card-media img");
    await thumbnail.evaluate((image: HTMLImageElement) => image.decode());
    const size = await thumbnail.evaluate((image: HTMLImageElement) => ({ width: image.naturalWidth, height: image.naturalHeight }));
    expect(size.width / size.height).toBeCloseTo(600 / 450, 1);
    await bobPage.getByTestId("header-search").fill("cordless");
    await bobPage.waitForURL("**/search?q=cordless");
    await expect(bobPage.getByRole("status").filter({ hasText: "result" }).textContent()).resolves.toBe("1 result");
    await bobPage.getByTestId("cart-toggle").click();
    await bobPage.locator('[data-testid=cart-toggle][aria-pressed="true"]').waitFor();
    await bobPage.goto("/cart");
    await bobPage.getByTestId("cart-row").first().waitFor();
    await expect(bobPage.getByTestId("cart-row").count()).resolves.toBe(1);

    // Alice unfriends Bob: the thing disappears for him everywhere.
    await alicePage.goto("/friends");
    await alicePage.getByTestId("unfriend").click();
    await alicePage.getByTestId("confirm-yes").click();
    await alicePage.getByTestId("unfriend").waitFor({ state: "detached" });
    await bobPage.goto("/things");
    expect(await thingsShown(bobPage)).toEqual([]);
    await bobPage.goto(`/things/${thingId}`);
    await expect(bobPage.locator("main .error-message").textContent()).resolves.toContain("Thing not found");
    await bobPage.goto("/cart");
    await bobPage.locator("p.empty").waitFor();
    await expect(bobPage.getByTestId("cart-row").count()).resolves.toBe(0);

    // Alice shares the thing with Bob directly; on a later visit he is still found, marked shared.
    await alicePage.goto(`/things/${thingId}/share`);
    await alicePage.getByTestId("user-search").fill("Bob Birch");
    await alicePage.getByTestId("share-with").click();
    const person = alicePage.getByRole("list", { name: "People found" }).getByRole("listitem");
    await person.getByText("Shared", { exact: true }).waitFor();
    await alicePage.reload();
    await alicePage.getByTestId("user-search").fill("Bob Birch");
    await person.getByText("Shared", { exact: true }).waitFor();
    await expect(person.getByTestId("share-with").count()).resolves.toBe(0);
  });

  test("each main screen has no serious axe violation", async () => {
    const api = alicePage.request;
    const list = await (await api.post("/api/lists", { data: { name: "Workshop", thingIds: [thingId], sharingState: "friends" } })).json();
    const screens: [string, string][] = [
      ["things", "/things"],
      ["thing", `/things/${thingId}`],
      ["thing-edit", `/things/${thingId}/edit`],
      ["thing-share", `/things/${thingId}/share`],
      ["lists", "/lists"],
      ["list", `/lists/${list.id}`],
      ["gallery", "/images"],
      ["friends", "/friends"],
      ["notifications", "/notifications"],
      ["cart", "/cart"],
      ["search", "/search?q=drill"],
      ["profile", "/user/profile"],
      ["account", "/user/account"],
    ];
    for (const [name, path] of screens) {
      await alicePage.goto(path);
      await alicePage.locator("main .loading").waitFor({ state: "detached" });
      await checkScreen(alicePage, name);
    }
    const guest = await newPage();
    await guest.goto("/user/register");
    await checkScreen(guest, "register");
    await guest.context().close();
  });

  test("phone layout needs no sideways scrolling", async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    await page.goto("/user/login");
    expect(await overflow()).toBeLessThanOrEqual(360);
    await logInThroughUi(page, alice);
    await thingsShown(page);
    expect(await overflow()).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(screenshotsDirectory, "phone-things.png") });
    await page.getByTestId("add-thing").tap();
    await page.getByTestId("thing-name").fill("Ladder");
    await expectQuantityBesideUnit(page);
    expect(await overflow()).toBeLessThanOrEqual(360);
    await page.getByTestId("thing-save").tap();
    await page.waitForURL(thingPageUrl);
    await page.locator("main h1", { hasText: "Ladder" }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(screenshotsDirectory, "phone-thing.png") });
    await page.context().close();
  });

  test("keyboard alone logs in and adds a thing", async () => {
    const page = await newPage();
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        const outlined = style.outlineStyle !== "none" && style.outlineWidth !== "0px";
        return { id: element.dataset.testid || element.getAttribute("name") || element.tagName, visible: outlined || style.boxShadow !== "none" };
      });
    // Move focus forward with Tab until it reaches `testid` (where an autofocus may already
    // have put it), expecting a visible focus indicator on everything passed on the way.
    const tabTo = async (testid: string, limit = 40) => {
      if ((await focused()).id === testid) return;
      for (let step = 0; step < limit; step++) {
        await page.keyboard.press("Tab");
        const current = await focused();
        expect({ id: current.id, visible: current.visible }).toEqual({ id: current.id, visible: true });
        if (current.id === testid) return;
      }
      throw new Error(`Tab never reached ${testid}`);
    };

    await page.goto("/user/login");
    await page.getByTestId("login-form").waitFor();
    await tabTo("login-email");
    await page.keyboard.type(alice.email);
    await tabTo("login-password");
    await page.keyboard.type(alice.password);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/things");
    // Tabbing while the list is still loading can land on an element that the loaded page
    // then replaces, which leaves focus on <body>: wait for the page a user would see.
    await thingsShown(page);
    await tabTo("add-thing");
    await page.keyboard.press("Enter");
    await page.getByTestId("thing-editor").waitFor();
    await tabTo("thing-name");
    await page.keyboard.type("Spirit level");
    await tabTo("thing-quantity");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2");
    for (const field of ["quantityUnit", "description", "privateNote"]) await tabTo(field);
    await tabTo("thing-save");
    await page.keyboard.press("Enter");
    await page.waitForURL(thingPageUrl);
    await page.locator("main h1", { hasText: "Spirit level" }).waitFor();
    await page.context().close();
  });
});
