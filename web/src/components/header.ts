import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import { Icon } from "./icon.ts";
import { MenuButton } from "./menu-button.ts";

const navLinks = [
  { href: "/things", label: "Things" },
  { href: "/lists", label: "Lists" },
  { href: "/images", label: "Photos" },
  { href: "/friends", label: "Friends" },
];

/** "1.2K" for large counts, as badges have little room. */
export const compactCount = (count: number) => new Intl.NumberFormat(undefined, { notation: "compact" }).format(count);

function HeaderSearch() {
  const { router } = useApp();
  const location = useStore(router.store);
  const onSearchPage = location.pathname === "/search";
  const [term, setTerm] = useState(() => (onSearchPage ? (new URLSearchParams(location.search).get("q") ?? "") : ""));
  useEffect(() => {
    if (onSearchPage) setTerm(new URLSearchParams(location.search).get("q") ?? "");
  }, [onSearchPage, location.search]);
  const go = (value: string) => router.navigate(`/search${value ? `?q=${encodeURIComponent(value)}` : ""}`, { replace: onSearchPage });
  return html`<form class="header-search" role="search" onSubmit=${(event: Event) => {
    event.preventDefault();
    go(term);
  }}>
    <label for="header-search" class="visually-hidden">Search things and lists</label>
    <input id="header-search" type="search" placeholder="Search" value=${term} autocomplete="off" data-testid="header-search"
      onInput=${(event: Event) => {
        const value = (event.currentTarget as HTMLInputElement).value;
        setTerm(value);
        go(value);
      }} />
    <${Icon} name="search" size=${18} />
  </form>`;
}

export function Header() {
  const { session, router, cart, unread } = useApp();
  const loggedIn = useStore(session.store, (state) => state.loggedIn);
  const name = useStore(session.store, (state) => state.profile?.name ?? "");
  const pathname = useStore(router.store, (location) => location.pathname);
  const cartCount = useStore(cart.store, (state) => state.entries.length);
  const unreadCount = useStore(unread.store);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);

  if (!loggedIn) {
    return html`<header class="site-header">
      <a class="skip-link" href="#main">Skip to content</a>
      <a class="logo" href="/"><${Icon} name="box" size=${26} /><span>StashSphere</span></a>
      <nav aria-label="Account" class="header-end"><a class="button" href="/user/login">Log in</a></nav>
    </header>`;
  }

  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? "page" : undefined);
  return html`<header class="site-header">
    <a class="skip-link" href="#main">Skip to content</a>
    <a class="logo" href="/things"><${Icon} name="box" size=${26} /><span>StashSphere</span></a>
    <button type="button" class="icon-button nav-toggle" aria-expanded=${menuOpen ? "true" : "false"} aria-controls="main-nav" aria-label="Menu" onClick=${() => setMenuOpen(!menuOpen)} data-testid="nav-toggle">
      <${Icon} name=${menuOpen ? "close" : "menu"} />
    </button>
    <nav id="main-nav" aria-label="Main" class=${`main-nav ${menuOpen ? "open" : ""}`}>
      <ul>${navLinks.map((link) => html`<li key=${link.href}><a href=${link.href} aria-current=${current(link.href)}>${link.label}</a></li>`)}</ul>
    </nav>
    <${HeaderSearch} />
    <div class="header-end">
      <a class="icon-button badge-holder" href="/notifications" aria-label=${unreadCount ? `Notifications, ${unreadCount} unread` : "Notifications"} aria-current=${current("/notifications")} data-testid="notifications-link">
        <${Icon} name="bell" />${unreadCount ? html`<span class="count-badge" aria-hidden="true">${compactCount(unreadCount)}</span>` : null}
      </a>
      <a class="icon-button badge-holder" href="/cart" aria-label=${`Cart, ${cartCount} ${cartCount === 1 ? "thing" : "things"}`} aria-current=${current("/cart")} data-testid="cart-link">
        <${Icon} name="cart" />${cartCount ? html`<span class="count-badge" aria-hidden="true">${compactCount(cartCount)}</span>` : null}
      </a>
      <${MenuButton} label=${`Account menu${name ? ` for ${name}` : ""}`} testid="account-menu" items=${[
        { label: "Profile", href: "/user/profile" },
        { label: "Account settings", href: "/user/account" },
        { label: "Log out", href: "/user/logout", testid: "logout" },
      ]}><${Icon} name="user" /><span class="menu-name">${name}</span></${MenuButton}>
    </div>
  </header>`;
}
