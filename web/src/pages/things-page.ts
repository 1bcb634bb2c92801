import type { Paged, Thing, ThingsSummary } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { Icon } from "../components/icon.ts";
import { Pager, pageFromSearch, searchWithPage } from "../components/pager.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThingCard } from "../components/thing-card.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

export const thingsPerPage = 24;

function OwnerFilter({ summary, selected, names, onToggle }: { summary: ThingsSummary; selected: string[]; names: Map<string, string>; onToggle: (id: string) => void }) {
  if (summary.ownerIds.length < 2) return null;
  return html`<div class="chip-row" role="group" aria-label="Show things of" style=${{ marginBottom: "16px" }}>
    ${summary.ownerIds.map((id) => html`<button key=${id} type="button" class="filter-chip" aria-pressed=${selected.includes(id) ? "true" : "false"} onClick=${() => onToggle(id)} data-testid="owner-filter">${names.get(id) ?? "Someone"}</button>`)}
  </div>`;
}

export default function ThingsPage() {
  const { api, router, session } = useApp();
  useTitle("Things");
  const search = useStore(router.store, (location) => location.search);
  const me = useStore(session.store, (state) => state.userId);
  const page = pageFromSearch(search);
  const owners = new URLSearchParams(search).getAll("owner");
  const summary = useLoad((signal) => api.get<ThingsSummary>("/api/things/summary", undefined, signal), []);
  const things = useLoad(
    (signal) => api.get<Paged<"things", Thing>>("/api/things", { page, perPage: thingsPerPage, filterOwnerId: owners }, signal),
    [page, owners.join(",")],
  );

  const names = new Map<string, string>();
  for (const owner of summary.data?.owners ?? []) names.set(owner.id, owner.name);
  for (const thing of things.data?.things ?? []) names.set(thing.owner.id, thing.owner.name);
  if (me) names.set(me, "You");

  const toggleOwner = (id: string) => {
    const params = new URLSearchParams(search);
    params.delete("page");
    params.delete("owner");
    const next = owners.includes(id) ? owners.filter((owner) => owner !== id) : [...owners, id];
    for (const owner of next) params.append("owner", owner);
    const text = params.toString();
    router.navigate(`/things${text ? `?${text}` : ""}`);
  };

  return html`<section class="page">
    <div class="page-head">
      <h1>Things</h1>
      <a class="button primary" href="/things/create" data-testid="add-thing"><${Icon} name="plus" />Add a thing</a>
    </div>
    ${summary.data ? html`<${OwnerFilter} summary=${summary.data} selected=${owners} names=${names} onToggle=${toggleOwner} />` : null}
    <${ErrorMessage} error=${things.error} retry=${things.reload} />
    ${things.loading && !things.data ? html`<${Loading} />` : null}
    ${things.data
      ? things.data.things.length
        ? html`<ul class="grid" aria-busy=${things.loading ? "true" : "false"}>${things.data.things.map((thing) => html`<li key=${thing.id}><${ThingCard} thing=${thing} /></li>`)}</ul>
            <${Pager} page=${page} totalPages=${things.data.totalPageCount} hrefFor=${(target: number) => `/things${searchWithPage(search, target)}`} label="Pages of things" />`
        : html`<${Empty}>${owners.length ? "No things match this filter." : html`Nothing here yet. <a href="/things/create">Add your first thing</a>, or ask a friend to share theirs.`}<//>`
      : null}
  </section>`;
}
