import { useEffect, useId, useRef, useState } from "preact/hooks";
import { html, type ComponentChildren } from "../html.ts";

export interface MenuItem {
  label: string;
  href: string;
  testid?: string;
}

/**
 * Render a menu button that follows the WAI-ARIA menu button pattern. Enter, Space or Arrow Down
 * open the menu on its first item, and Arrow Up opens it on its last. Arrows, Home and End move
 * between items. Escape closes the menu and returns focus to the button, and Tab closes it.
 */
export function MenuButton({ label, items, children, testid }: { label: string; items: MenuItem[]; children: ComponentChildren; testid?: string }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const focusItem = useRef<number | null>(null);

  const menuItems = () => [...(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
  const openAt = (index: number) => {
    focusItem.current = index;
    setOpen(true);
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open || focusItem.current === null) return;
    const entries = menuItems();
    entries.at(focusItem.current)?.focus();
    focusItem.current = null;
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openAt(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt(-1);
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const entries = menuItems();
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const move = (next: number) => {
      event.preventDefault();
      entries.at(next % entries.length)?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(-1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") setOpen(false);
  };

  return html`<div class="menu-wrap">
    <button ref=${buttonRef} type="button" class="menu-button" aria-haspopup="menu" aria-expanded=${open ? "true" : "false"} aria-controls=${menuId} aria-label=${label} data-testid=${testid}
      onClick=${() => (open ? close(false) : openAt(0))} onKeyDown=${onButtonKey}>${children}</button>
    <ul ref=${menuRef} id=${menuId} role="menu" aria-label=${label} class="menu" hidden=${!open} onKeyDown=${onMenuKey}>
      ${items.map((item) => html`<li role="none" key=${item.href}><a role="menuitem" tabindex="-1" href=${item.href} data-testid=${item.testid} onClick=${() => setOpen(false)}>${item.label}</a></li>`)}
    </ul>
  </div>`;
}
