import type { Paged, Thing, UserProfile } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { Pager, pageFromSearch, searchWithPage } from "../components/pager.ts";
import { ProfileCard } from "../components/profile-card.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThingCard } from "../components/thing-card.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";
import { useStore } from "../store/create-store.ts";

/** Another user's profile and the things of theirs that the viewer can see. */
export default function UserPage({ params }: PageProps) {
  const { api, router } = useApp();
  const id = params.id!;
  const search = useStore(router.store, (location) => location.search);
  const page = pageFromSearch(search);
  const profile = useLoad((signal) => api.get<UserProfile>(`/api/users/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const things = useLoad((signal) => api.get<Paged<"things", Thing>>("/api/things", { filterOwnerId: id, page, perPage: 24 }, signal), [id, page]);
  useTitle(profile.data?.name ?? "Profile");
  if (profile.error) return html`<section class="page"><h1>Profile</h1><${ErrorMessage} error=${profile.error} retry=${profile.reload} /></section>`;
  if (!profile.data) return html`<${Loading} />`;
  return html`<section class="page">
    <h1>${profile.data.name}</h1>
    <div class="page medium" style=${{ margin: 0 }}><${ProfileCard} profile=${profile.data} /></div>
    <h2>Things you can see</h2>
    <${ErrorMessage} error=${things.error} retry=${things.reload} />
    ${things.data
      ? things.data.things.length
        ? html`<ul class="grid">${things.data.things.map((thing) => html`<li key=${thing.id}><${ThingCard} thing=${thing} /></li>`)}</ul>
            <${Pager} page=${page} totalPages=${things.data.totalPageCount} hrefFor=${(target: number) => `/users/${encodeURIComponent(id)}${searchWithPage(search, target)}`} />`
        : html`<${Empty}>${profile.data.name} has not shared anything with you.<//>`
      : html`<${Loading} />`}
  </section>`;
}
