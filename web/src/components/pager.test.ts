import { expect, test } from "bun:test";
import { pageFromSearch, pagerItems, searchWithPage } from "./pager.ts";

test("pagerItems shows ends, neighbours and gaps", () => {
  expect(pagerItems(0, 3)).toEqual([0, 1, 2]);
  expect(pagerItems(10, 20)).toEqual([0, null, 8, 9, 10, 11, 12, null, 19]);
  expect(pagerItems(0, 10)).toEqual([0, 1, 2, null, 9]);
});

test("page in the address bar is 1-based", () => {
  expect(pageFromSearch("")).toBe(0);
  expect(pageFromSearch("?page=3")).toBe(2);
  expect(pageFromSearch("?page=-1")).toBe(0);
  expect(pageFromSearch("?page=abc")).toBe(0);
  expect(searchWithPage("?owner=a", 1)).toBe("?owner=a&page=2");
  expect(searchWithPage("?page=4", 0)).toBe("");
});
