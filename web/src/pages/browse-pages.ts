/** Pages that show things, lists and people; they load together, in one chunk. */
export { default as CartPage } from "./cart-page.ts";
export { default as FriendsPage } from "./friends-page.ts";
export { default as ListPage } from "./list-page.ts";
export { default as ListsPage } from "./lists-page.ts";
export { default as NotificationsPage } from "./notifications-page.ts";
export { default as ProfilePage } from "./profile-page.ts";
export { default as SearchPage } from "./search-page.ts";
export { default as ThingPage } from "./thing-page.ts";
export { default as ThingsPage } from "./things-page.ts";
export { default as UserPage } from "./user-page.ts";
