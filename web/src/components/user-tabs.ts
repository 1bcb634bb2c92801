import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

/** Navigation between the own profile and the account settings. */
export function UserTabs() {
  const { router } = useApp();
  const pathname = useStore(router.store, (location) => location.pathname);
  const tab = (href: string, label: string) => html`<a href=${href} aria-current=${pathname.startsWith(href) ? "page" : undefined}>${label}</a>`;
  return html`<nav class="tabs" aria-label="Your account">${tab("/user/profile", "Profile")}${tab("/user/account", "Account settings")}</nav>`;
}
