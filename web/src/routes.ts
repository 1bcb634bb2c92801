import type { PageLoader } from "./router/lazy-page.ts";

export interface Route {
  path: string;
  /** The page; pages load on first visit, in three chunks (logged out, browsing, editing). */
  page?: PageLoader;
  redirect?: string;
  /** Only for logged-in users; others go to the login page and come back afterwards. */
  auth?: boolean;
  /** Only for logged-out users (login, registration); others go on to their things. */
  guest?: boolean;
}

const auth = () => import("./pages/auth-pages.ts");
const browse = () => import("./pages/browse-pages.ts");
const edit = () => import("./pages/edit-pages.ts");

/** Every screen of the app. The first matching pattern wins, so fixed segments come before `:id`. */
export const routes: Route[] = [
  { path: "/", redirect: "/things" },
  { path: "/user", redirect: "/user/profile" },
  { path: "/user/login", guest: true, page: () => auth().then((pages) => pages.LoginPage) },
  { path: "/user/register", guest: true, page: () => auth().then((pages) => pages.RegisterPage) },
  { path: "/user/logout", page: () => auth().then((pages) => pages.LogoutPage) },
  { path: "/user/reset-password", page: () => auth().then((pages) => pages.ResetPasswordPage) },
  { path: "/user/verify-email", auth: true, page: () => auth().then((pages) => pages.VerifyEmailPage) },
  { path: "/user/profile", auth: true, page: () => browse().then((pages) => pages.ProfilePage) },
  { path: "/user/profile/edit", auth: true, page: () => edit().then((pages) => pages.ProfileEditPage) },
  { path: "/user/account", auth: true, page: () => edit().then((pages) => pages.AccountPage) },
  { path: "/things", auth: true, page: () => browse().then((pages) => pages.ThingsPage) },
  { path: "/things/create", auth: true, page: () => edit().then((pages) => pages.ThingEditorPage) },
  { path: "/things/:id", auth: true, page: () => browse().then((pages) => pages.ThingPage) },
  { path: "/things/:id/edit", auth: true, page: () => edit().then((pages) => pages.ThingEditorPage) },
  { path: "/things/:id/share", auth: true, page: () => edit().then((pages) => pages.SharePage) },
  { path: "/lists", auth: true, page: () => browse().then((pages) => pages.ListsPage) },
  { path: "/lists/create", auth: true, page: () => edit().then((pages) => pages.ListEditorPage) },
  { path: "/lists/:id", auth: true, page: () => browse().then((pages) => pages.ListPage) },
  { path: "/lists/:id/edit", auth: true, page: () => edit().then((pages) => pages.ListEditorPage) },
  { path: "/lists/:id/share", auth: true, page: () => edit().then((pages) => pages.SharePage) },
  { path: "/images", auth: true, page: () => edit().then((pages) => pages.ImagesPage) },
  { path: "/friends", auth: true, page: () => browse().then((pages) => pages.FriendsPage) },
  { path: "/notifications", auth: true, page: () => browse().then((pages) => pages.NotificationsPage) },
  { path: "/cart", auth: true, page: () => browse().then((pages) => pages.CartPage) },
  { path: "/search", auth: true, page: () => browse().then((pages) => pages.SearchPage) },
  { path: "/users/:id", auth: true, page: () => browse().then((pages) => pages.UserPage) },
];
