import { describeError } from "../api/api-error.ts";
import { html, type ComponentChildren } from "../html.ts";

/** A visible, announced loading state. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${label}</p>`;
}

/** An error in words, announced when it appears, with an optional retry. */
export function ErrorMessage({ error, retry, id }: { error: unknown; retry?: () => void; id?: string }) {
  if (!error) return null;
  const text = typeof error === "string" ? error : describeError(error);
  return html`<p class="error-message" role="alert" id=${id}>${text}${retry ? html` <button type="button" class="link-button" onClick=${retry}>Try again</button>` : null}</p>`;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return html`<p class="empty">${children}</p>`;
}
