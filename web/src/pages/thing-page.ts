import { useState } from "preact/hooks";
import type { Thing } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { CartToggle } from "../components/cart-toggle.ts";
import { DeleteButton } from "../components/delete-button.ts";
import { Icon } from "../components/icon.ts";
import { PropertyList } from "../components/property-view.ts";
import { SharingBadge } from "../components/sharing-badge.ts";
import { ErrorMessage, Loading } from "../components/status.ts";
import { ThumbImage } from "../components/thumb-image.ts";
import { UserChip } from "../components/user-chip.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";

function Gallery({ thing }: { thing: Thing }) {
  const [index, setIndex] = useState(0);
  const current = thing.images[Math.min(index, thing.images.length - 1)];
  return html`<div>
    <div class="gallery-main"><${ThumbImage} image=${current} fit="contain" sizes="(min-width: 1240px) 680px, (min-width: 860px) 55vw, 100vw" displayWidth=${1024} alt=${current ? `Photo ${index + 1} of ${thing.name}` : thing.name} eager /></div>
    ${thing.images.length > 1
      ? html`<ul class="gallery-thumbs" aria-label="Photos">
          ${thing.images.map((image, position) => html`<li key=${image.id}><button type="button" aria-current=${position === index ? "true" : "false"} aria-label=${`Show photo ${position + 1}`} onClick=${() => setIndex(position)}>
            <${ThumbImage} image=${image} sizes="72px" displayWidth=${72} alt="" />
          </button></li>`)}
        </ul>`
      : null}
  </div>`;
}

export default function ThingPage({ params }: PageProps) {
  const { api, router } = useApp();
  const id = params.id!;
  const thing = useLoad((signal) => api.get<Thing>(`/api/things/${encodeURIComponent(id)}`, undefined, signal), [id]);
  useTitle(thing.data?.name ?? "Thing");
  if (thing.error) return html`<section class="page"><h1>Thing</h1><${ErrorMessage} error=${thing.error} retry=${thing.reload} /></section>`;
  if (!thing.data) return html`<${Loading} />`;
  const data = thing.data;
  const base = `/things/${encodeURIComponent(data.id)}`;

  return html`<article class="page">
    <div class="page-head">
      <h1>${data.name}</h1>
      <div class="button-row">
        <${CartToggle} thing=${data} withLabel />
        ${data.actions.canShare ? html`<a class="button" href=${`${base}/share`} data-testid="share-link"><${Icon} name="share" />Share</a>` : null}
        ${data.actions.canEdit ? html`<a class="button" href=${`${base}/edit`} data-testid="edit-link"><${Icon} name="edit" />Edit</a>` : null}
        ${data.actions.canDelete
          ? html`<${DeleteButton} what="this thing" question=${`"${data.name}" will be deleted. Its photos stay in your gallery.`} onDelete=${async () => {
              await api.delete(`/api/things/${encodeURIComponent(data.id)}`);
              router.navigate("/things", { replace: true });
            }} />`
          : null}
      </div>
    </div>
    <div class="detail">
      <${Gallery} thing=${data} />
      <div class="facts">
        <div class="chip-row"><${UserChip} user=${data.owner} /><${SharingBadge} state=${data.sharingState} directShares=${data.shares.length} /></div>
        <div><p class="fact-label">Quantity</p><p class="quantity-big">${data.quantity} ${data.quantityUnit}</p></div>
        ${data.properties.length ? html`<div><p class="fact-label">Properties</p><${PropertyList} properties=${data.properties} /></div>` : null}
        ${data.description ? html`<div><p class="fact-label">Description</p><p class="description">${data.description}</p></div>` : null}
        ${data.privateNote ? html`<div><p class="fact-label">Private note (only you see it)</p><p class="note-box">${data.privateNote}</p></div>` : null}
        ${data.lists.length
          ? html`<div><p class="fact-label">In lists</p><ul class="chip-row" style=${{ listStyle: "none", padding: 0, margin: 0 }}>
              ${data.lists.map((list) => html`<li key=${list.id}><a class="chip" href=${`/lists/${encodeURIComponent(list.id)}`}><${Icon} name="list" size=${16} />${list.name}</a></li>`)}
            </ul></div>`
          : null}
      </div>
    </div>
  </article>`;
}
