import type { User } from "../api/types.ts";
import { html } from "../html.ts";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("") || "?";

/** A user's name with an initials avatar, linking to their page. */
export function UserChip({ user, link = true }: { user: User; link?: boolean }) {
  const body = html`<span class="avatar" aria-hidden="true">${initials(user.name)}</span><span class="chip-label">${user.name || "Unknown user"}</span>`;
  return link && user.id
    ? html`<a class="chip user-chip" href=${`/users/${encodeURIComponent(user.id)}`}>${body}</a>`
    : html`<span class="chip user-chip">${body}</span>`;
}
