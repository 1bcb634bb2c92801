import type { List } from "../api/types.ts";
import { html } from "../html.ts";
import { Icon } from "./icon.ts";
import { ThumbImage } from "./thumb-image.ts";
import { UserChip } from "./user-chip.ts";

/** Render a list card with a 2×2 collage of the first photos of its things. */
export function ListCard({ list }: { list: List }) {
  const href = `/lists/${encodeURIComponent(list.id)}`;
  const photos = list.things.flatMap((thing) => thing.images.slice(0, 1)).slice(0, 4);
  const count = list.thingCount ?? list.things.length;
  return html`<article class="card list-card" data-testid="list-card">
    <a href=${href} class="card-media collage" tabindex="-1" aria-hidden="true">
      ${photos.length ? photos.map((image) => html`<${ThumbImage} key=${image.id} image=${image} sizes="(min-width: 600px) 120px, 25vw" displayWidth=${128} alt="" />`) : html`<span class="thumb thumb-empty"><${Icon} name="list" size=${32} /></span>`}
    </a>
    <div class="card-body">
      <h2 class="card-title"><a href=${href}>${list.name}</a></h2>
      <div class="card-meta"><${UserChip} user=${list.owner} /><span>${count} ${count === 1 ? "thing" : "things"}</span></div>
    </div>
  </article>`;
}
