import * as v from "valibot";

export const maxPerPage = 200;

/**
 * `page` (0-based) and `perPage` as the original reads them, except that `perPage` is capped:
 * an unbounded page size let one request pull a whole instance. `perPage=0` means the default 50.
 */
export const paginationQuery = {
  page: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,9}$/, "must be a whole number from 0"), v.transform(Number)),
    "0",
  ),
  perPage: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, "must be a whole number from 0"),
      v.transform(Number),
      v.transform((value) => (value === 0 ? 50 : value)),
      v.maxValue(maxPerPage, `must be at most ${maxPerPage}`),
    ),
    "50",
  ),
};

export interface Page {
  page: number;
  perPage: number;
}

/** The original's pagination envelope: `{ <items>: [...], perPage, page, totalPageCount, totalCount }`. */
export function pageEnvelope<Key extends string, Item>(
  key: Key,
  items: Item[],
  page: Page,
  totalCount: number,
): Record<Key, Item[]> & { perPage: number; page: number; totalPageCount: number; totalCount: number } {
  return {
    [key]: items,
    perPage: page.perPage,
    page: page.page,
    totalPageCount: Math.ceil(totalCount / page.perPage),
    totalCount,
  } as Record<Key, Item[]> & { perPage: number; page: number; totalPageCount: number; totalCount: number };
}

export const offsetOf = (page: Page) => page.page * page.perPage;
