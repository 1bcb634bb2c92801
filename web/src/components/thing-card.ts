import type { Thing } from "../api/types.ts";
import { html } from "../html.ts";
import { CartToggle } from "./cart-toggle.ts";
import { PropertyList } from "./property-view.ts";
import { ThumbImage } from "./thumb-image.ts";
import { UserChip } from "./user-chip.ts";

/** Sizes of a card in the responsive grid: one column on phones, up to five on desktops. */
export const cardSizes = "(min-width: 1200px) 230px, (min-width: 900px) 25vw, (min-width: 600px) 33vw, 50vw";

export function ThingCard({ thing }: { thing: Thing }) {
  const href = `/things/${encodeURIComponent(thing.id)}`;
  return html`<article class="card thing-card" data-testid="thing-card">
    <a href=${href} class="card-media" tabindex="-1" aria-hidden="true"><${ThumbImage} image=${thing.images[0]} sizes=${cardSizes} displayWidth=${384} alt="" /></a>
    <div class="card-body">
      <h2 class="card-title"><a href=${href}>${thing.name}</a></h2>
      <div class="card-meta">
        <${UserChip} user=${thing.owner} />
        <span class="quantity">${thing.quantity} ${thing.quantityUnit}</span>
      </div>
      <${PropertyList} properties=${thing.properties ?? []} limit=${3} />
    </div>
    <div class="card-actions"><${CartToggle} thing=${thing} /></div>
  </article>`;
}
