import { html } from "../html.ts";

/** Page numbers to show: first, last, and two either side of the current one; null is a gap. */
export function pagerItems(current: number, total: number): (number | null)[] {
  const items: (number | null)[] = [];
  for (let page = 0; page < total; page++) {
    const near = Math.abs(page - current) <= 2;
    if (page === 0 || page === total - 1 || near) items.push(page);
    else if (items[items.length - 1] !== null) items.push(null);
  }
  return items;
}

/**
 * Links to the pages of a paged list. Pages are 0-based in the API and 1-based in the address
 * bar (`?page=2`), and `hrefFor` builds each page's address so every page can be bookmarked.
 */
export function Pager({ page, totalPages, hrefFor, label = "Pages" }: { page: number; totalPages: number; hrefFor: (page: number) => string; label?: string }) {
  if (totalPages <= 1) return null;
  return html`<nav class="pager" aria-label=${label}>
    <a class="button" href=${hrefFor(page - 1)} aria-disabled=${page === 0 ? "true" : undefined} tabindex=${page === 0 ? -1 : undefined} data-testid="pager-previous">Previous</a>
    <ul>
      ${pagerItems(page, totalPages).map((item, index) =>
        item === null
          ? html`<li key=${`gap-${index}`} aria-hidden="true">…</li>`
          : html`<li key=${item}><a href=${hrefFor(item)} aria-current=${item === page ? "page" : undefined} aria-label=${`Page ${item + 1}`}>${item + 1}</a></li>`,
      )}
    </ul>
    <a class="button" href=${hrefFor(page + 1)} aria-disabled=${page >= totalPages - 1 ? "true" : undefined} tabindex=${page >= totalPages - 1 ? -1 : undefined} data-testid="pager-next">Next</a>
  </nav>`;
}

/** Read the 0-based page from a `?page=N` (1-based) query. */
export function pageFromSearch(search: string): number {
  const value = Number(new URLSearchParams(search).get("page"));
  return Number.isInteger(value) && value > 1 ? value - 1 : 0;
}

/** The same query with `page` set (left out for the first page). */
export function searchWithPage(search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page > 0) params.set("page", String(page + 1));
  else params.delete("page");
  const text = params.toString();
  return text ? `?${text}` : "";
}
