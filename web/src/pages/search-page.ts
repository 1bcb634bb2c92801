import type { SearchResult } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { ListCard } from "../components/list-card.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThingCard } from "../components/thing-card.ts";
import { useDebounced } from "../hooks/use-debounced.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

/** Results for the header's search box; the query waits 250 ms after the last key press. */
export default function SearchPage() {
  const { api, router } = useApp();
  const term = useStore(router.store, (location) => new URLSearchParams(location.search).get("q") ?? "");
  const query = useDebounced(term.trim(), 250);
  useTitle(query ? `Search: ${query}` : "Search");
  const results = useLoad((signal) => (query ? api.get<SearchResult>("/api/search", { query, perPage: 48 }, signal) : Promise.resolve(undefined)), [query]);
  const data = results.data;
  return html`<section class="page">
    <h1>${query ? `Results for "${query}"` : "Search"}</h1>
    ${query ? null : html`<p class="muted">Type in the search box at the top to find things and lists by name or description.</p>`}
    <${ErrorMessage} error=${results.error} retry=${results.reload} />
    ${results.loading && query ? html`<${Loading} label="Searching…" />` : null}
    ${data && query
      ? data.things.length + data.lists.length === 0
        ? html`<${Empty}>Nothing found for "${query}".<//>`
        : html`<p class="visually-hidden" role="status">${data.totalCount} ${data.totalCount === 1 ? "result" : "results"}</p>
            ${data.things.length ? html`<h2>Things</h2><ul class="grid">${data.things.map((thing) => html`<li key=${thing.id}><${ThingCard} thing=${thing} /></li>`)}</ul>` : null}
            ${data.lists.length ? html`<h2>Lists</h2><ul class="grid">${data.lists.map((list) => html`<li key=${list.id}><${ListCard} list=${list} /></li>`)}</ul>` : null}
            ${data.totalCount > data.things.length + data.lists.length ? html`<p class="muted">Showing the first ${data.things.length + data.lists.length} of ${data.totalCount}. Refine the search to see others.</p>` : null}`
      : null}
  </section>`;
}
