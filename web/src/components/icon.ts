import { html } from "../html.ts";

/** Stroke paths on a 24×24 grid, drawn for this app. */
const paths = {
  box: "M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10",
  cart: "M3 4h2l2.4 11h10.2L20 8H6.3M9 20h.01M17 20h.01",
  cartPlus: "M3 4h2l2.4 11h10.2L20 8H6.3M9 20h.01M17 20h.01M13 9.5v3M11.5 11h3",
  cartCheck: "M3 4h2l2.4 11h10.2L20 8H6.3M9 20h.01M17 20h.01M10.5 11l1.5 1.5 3-3",
  bell: "M6 10a6 6 0 0112 0v4l2 3H4l2-3zM10 20a2 2 0 004 0",
  search: "M10.5 17a6.5 6.5 0 110-13 6.5 6.5 0 010 13zM15.5 15.5L21 21",
  menu: "M4 6h16M4 12h16M4 18h16",
  close: "M6 6l12 12M18 6L6 18",
  plus: "M12 5v14M5 12h14",
  minus: "M5 12h14",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
  edit: "M4 20h4L19 9l-4-4L4 16zM13 7l4 4",
  share: "M8 12l8-5M8 12l8 5M6 14a2 2 0 100-4 2 2 0 000 4zM18 9a2 2 0 100-4 2 2 0 000 4zM18 19a2 2 0 100-4 2 2 0 000 4z",
  lock: "M6 11h12v9H6zM8 11V8a4 4 0 018 0v3",
  friends: "M9 11a3 3 0 100-6 3 3 0 000 6zM3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 5a3 3 0 010 6M18 14c1.8.8 3 2.8 3 6",
  globe: "M12 21a9 9 0 100-18 9 9 0 000 18zM3 12h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9M12 3C9.5 5.7 8.5 8.7 8.5 12s1 6.3 3.5 9",
  rotateLeft: "M4 4v5h5M4.6 9A8 8 0 1112 20",
  rotateRight: "M20 4v5h-5M19.4 9A8 8 0 1012 20",
  left: "M15 5l-7 7 7 7",
  right: "M9 5l7 7-7 7",
  check: "M5 12l5 5L20 7",
  camera: "M4 8h3l2-3h6l2 3h3v11H4zM12 17a3.5 3.5 0 100-7 3.5 3.5 0 000 7z",
  upload: "M12 16V4M7 9l5-5 5 5M4 16v4h16v-4",
  image: "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01",
  user: "M12 12a4 4 0 100-8 4 4 0 000 8zM4 21c0-4.4 3.6-8 8-8s8 3.6 8 8",
  list: "M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01",
  link: "M10 14a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1 1M14 10a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1-1",
  logout: "M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10",
} as const;

export type IconName = keyof typeof paths;

/** A decorative icon; the control around it carries the accessible name. */
export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return html`<svg class="icon" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${paths[name]} /></svg>`;
}
