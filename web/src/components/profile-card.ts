import type { UserProfile } from "../api/types.ts";
import { html, type ComponentChildren } from "../html.ts";
import { Icon } from "./icon.ts";
import { ThumbImage } from "./thumb-image.ts";

/** Avatar, names and the "about" text of a user. */
export function ProfileCard({ profile, children }: { profile: UserProfile; children?: ComponentChildren }) {
  return html`<div class="panel">
    <div class="profile-head">
      <span class="profile-avatar">${profile.image ? html`<${ThumbImage} image=${profile.image} sizes="128px" displayWidth=${128} alt=${`Picture of ${profile.name}`} />` : html`<${Icon} name="user" size=${56} />`}</span>
      <div>
        <h2 style=${{ margin: 0 }}>${profile.fullName || profile.name}</h2>
        ${profile.fullName ? html`<p class="muted" style=${{ margin: 0 }}>${profile.name}</p>` : null}
        ${children}
      </div>
    </div>
    ${profile.information ? html`<p class="description" style=${{ marginTop: "16px" }}>${profile.information}</p>` : null}
  </div>`;
}
