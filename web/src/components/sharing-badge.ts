import type { SharingState } from "../api/types.ts";
import { html } from "../html.ts";
import { Icon, type IconName } from "./icon.ts";

export const sharingLabels: Record<SharingState, { label: string; icon: IconName; description: string }> = {
  private: { label: "Private", icon: "lock", description: "Only you, and people you share it with directly" },
  friends: { label: "Friends", icon: "friends", description: "All your friends" },
  "friends-of-friends": { label: "Friends of friends", icon: "globe", description: "Your friends and everyone who has a friend in common with you" },
};

/** Show who can see an object by its sharing state (owners only see this). */
export function SharingBadge({ state, directShares = 0 }: { state: SharingState | null; directShares?: number }) {
  if (!state) return null;
  const info = sharingLabels[state];
  return html`<span class=${`badge sharing-${state}`}>
    <${Icon} name=${info.icon} size=${16} />
    ${state === "private" ? info.label : `Visible to ${info.label.toLowerCase()}`}
    ${directShares > 0 ? html`<span class="badge-extra">· shared directly with ${directShares} ${directShares === 1 ? "person" : "people"}</span>` : null}
  </span>`;
}
