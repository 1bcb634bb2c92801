import type { CartEntry, User } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { CartToggle } from "../components/cart-toggle.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThumbImage } from "../components/thumb-image.ts";
import { UserChip } from "../components/user-chip.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

/** Cart entries grouped by the owner to ask, in the order the owners first appear. */
export function groupByOwner(entries: CartEntry[]): { owner: User; entries: CartEntry[] }[] {
  const groups = new Map<string, { owner: User; entries: CartEntry[] }>();
  for (const entry of entries) {
    const owner = entry.thing?.owner ?? { id: entry.ownerId, name: "" };
    const group = groups.get(owner.id) ?? { owner, entries: [] };
    group.entries.push(entry);
    groups.set(owner.id, group);
  }
  return [...groups.values()];
}

export default function CartPage() {
  const { cart, session } = useApp();
  useTitle("Cart");
  const me = useStore(session.store, (state) => state.userId);
  const state = useStore(cart.store);
  // The store loads the cart at login; reloading here picks up changes made in another tab.
  const fresh = useLoad(() => cart.load(), []);
  if (!state.loaded) return html`<section class="page medium"><h1>Cart</h1>${fresh.error ? html`<${ErrorMessage} error=${fresh.error} retry=${fresh.reload} />` : html`<${Loading} />`}</section>`;
  const groups = groupByOwner(state.entries);
  return html`<section class="page medium">
    <h1>Cart</h1>
    <p class="muted">Things you would like to borrow or use, by whom to ask. The owners are not told.</p>
    ${groups.length === 0 ? html`<${Empty}>Your cart is empty. Use the cart button on a thing to add it.<//>` : null}
    ${groups.map((group) => html`<section key=${group.owner.id} aria-label=${`Owned by ${group.owner.name || "someone"}`}>
      <h2>${group.owner.id === me ? "Your own things" : html`Ask <${UserChip} user=${group.owner} />`}</h2>
      <ul class="rows">${group.entries.map((entry) => html`<li key=${entry.thingId} data-testid="cart-row">
        <span class="cart-thumb"><${ThumbImage} image=${entry.thing?.image} sizes="64px" displayWidth=${64} alt="" /></span>
        <span class="grow"><a href=${`/things/${encodeURIComponent(entry.thingId)}`}>${entry.thing?.name ?? "A thing"}</a>
          ${entry.thing ? html`<br /><span class="small muted">${entry.thing.quantity} ${entry.thing.quantityUnit}</span>` : null}</span>
        <${CartToggle} thing=${{ id: entry.thingId, name: entry.thing?.name ?? "this thing", owner: group.owner }} />
      </li>`)}</ul>
    </section>`)}
  </section>`;
}
