import type { List } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { DeleteButton } from "../components/delete-button.ts";
import { Icon } from "../components/icon.ts";
import { SharingBadge } from "../components/sharing-badge.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThingCard } from "../components/thing-card.ts";
import { UserChip } from "../components/user-chip.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";

export default function ListPage({ params }: PageProps) {
  const { api, router } = useApp();
  const id = params.id!;
  const list = useLoad((signal) => api.get<List>(`/api/lists/${encodeURIComponent(id)}`, undefined, signal), [id]);
  useTitle(list.data?.name ?? "List");
  if (list.error) return html`<section class="page"><h1>List</h1><${ErrorMessage} error=${list.error} retry=${list.reload} /></section>`;
  if (!list.data) return html`<${Loading} />`;
  const data = list.data;
  const base = `/lists/${encodeURIComponent(data.id)}`;
  return html`<section class="page">
    <div class="page-head">
      <h1>${data.name}</h1>
      <div class="button-row">
        ${data.actions.canShare ? html`<a class="button" href=${`${base}/share`} data-testid="share-link"><${Icon} name="share" />Share</a>` : null}
        ${data.actions.canEdit ? html`<a class="button" href=${`${base}/edit`} data-testid="edit-link"><${Icon} name="edit" />Edit</a>` : null}
        ${data.actions.canDelete
          ? html`<${DeleteButton} what="this list" question=${`The list "${data.name}" will be deleted. The things in it stay.`} onDelete=${async () => {
              await api.delete(`/api/lists/${encodeURIComponent(data.id)}`);
              router.navigate("/lists", { replace: true });
            }} />`
          : null}
      </div>
    </div>
    <div class="chip-row" style=${{ marginBottom: "16px" }}><${UserChip} user=${data.owner} /><${SharingBadge} state=${data.sharingState} directShares=${data.shares.length} /></div>
    ${data.things.length
      ? html`<ul class="grid">${data.things.map((thing) => html`<li key=${thing.id}><${ThingCard} thing=${thing} /></li>`)}</ul>`
      : html`<${Empty}>This list is empty.${data.actions.canEdit ? html` <a href=${`${base}/edit`}>Add things</a>.` : null}<//>`}
  </section>`;
}
