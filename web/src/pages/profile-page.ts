import { useApp } from "../app-context.ts";
import { Icon } from "../components/icon.ts";
import { ProfileCard } from "../components/profile-card.ts";
import { Loading } from "../components/status.ts";
import { UserTabs } from "../components/user-tabs.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

export default function ProfilePage() {
  const { session } = useApp();
  useTitle("Your profile");
  const profile = useStore(session.store, (state) => state.profile);
  return html`<section class="page medium">
    <div class="page-head"><h1>Your profile</h1><a class="button" href="/user/profile/edit" data-testid="edit-profile"><${Icon} name="edit" />Edit</a></div>
    <${UserTabs} />
    ${profile
      ? html`<${ProfileCard} profile=${profile}>
          <p style=${{ margin: "8px 0 0" }}>${profile.email}
            ${profile.emailVerified ? html` <span class="badge sharing-friends"><${Icon} name="check" size=${14} />verified</span>` : html` <a class="badge" href="/user/account#email">not verified</a>`}</p>
        <//>
        ${profile.purgeAt ? html`<p class="error-message" role="status" style=${{ marginTop: "16px" }}>Your account will be deleted on ${new Date(profile.purgeAt).toLocaleString()}. <a href="/user/account#deletion">Cancel the deletion</a></p>` : null}`
      : html`<${Loading} />`}
  </section>`;
}
