import type { User } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import { Icon } from "./icon.ts";

/** Add a thing to or remove it from the cart; its error appears right beside it. */
export function CartToggle({ thing, withLabel = false }: { thing: { id: string; name: string; owner: User }; withLabel?: boolean }) {
  const { cart } = useApp();
  const inCart = useStore(cart.store, (state) => state.entries.some((entry) => entry.thingId === thing.id));
  const pending = useStore(cart.store, (state) => state.pending.has(thing.id));
  const error = useStore(cart.store, (state) => state.errors[thing.id]);
  const label = inCart ? `Remove ${thing.name} from the cart` : `Add ${thing.name} to the cart`;
  return html`<span class="cart-toggle">
    <button type="button" class=${`${withLabel ? "button" : "icon-button"} ${inCart ? "in-cart" : ""}`} aria-pressed=${inCart ? "true" : "false"} aria-label=${withLabel ? undefined : label}
      aria-busy=${pending ? "true" : undefined} onClick=${() => void cart.toggle(thing)} data-testid="cart-toggle">
      <${Icon} name=${inCart ? "cartCheck" : "cartPlus"} />${withLabel ? (inCart ? " In cart" : " Add to cart") : null}
    </button>
    ${error ? html`<span class="field-error" role="alert">${error}</span>` : null}
  </span>`;
}
