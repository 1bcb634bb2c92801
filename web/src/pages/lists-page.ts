import type { List, Paged } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { Icon } from "../components/icon.ts";
import { ListCard } from "../components/list-card.ts";
import { Pager, pageFromSearch, searchWithPage } from "../components/pager.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

export const listsPerPage = 20;

export default function ListsPage() {
  const { api, router } = useApp();
  useTitle("Lists");
  const search = useStore(router.store, (location) => location.search);
  const page = pageFromSearch(search);
  const lists = useLoad((signal) => api.get<Paged<"lists", List>>("/api/lists", { page, perPage: listsPerPage }, signal), [page]);
  return html`<section class="page">
    <div class="page-head">
      <h1>Lists</h1>
      <a class="button primary" href="/lists/create" data-testid="add-list"><${Icon} name="plus" />New list</a>
    </div>
    <${ErrorMessage} error=${lists.error} retry=${lists.reload} />
    ${lists.loading && !lists.data ? html`<${Loading} />` : null}
    ${lists.data
      ? lists.data.lists.length
        ? html`<ul class="grid" aria-busy=${lists.loading ? "true" : "false"}>${lists.data.lists.map((list) => html`<li key=${list.id}><${ListCard} list=${list} /></li>`)}</ul>
            <${Pager} page=${page} totalPages=${lists.data.totalPageCount} hrefFor=${(target: number) => `/lists${searchWithPage(search, target)}`} label="Pages of lists" />`
        : html`<${Empty}>No lists yet. Lists group things, for example "Workshop" or "Camping", and can be shared as a whole.<//>`
      : null}
  </section>`;
}
