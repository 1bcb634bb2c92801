import * as v from "valibot";
import { idSchema, queryBoolean } from "../http/validation.ts";
import { paginationQuery } from "../http/pagination.ts";
import { sharingStates, type SharingState } from "../things/thing-json.ts";

export type { SharingState };

/** Breadth of each state's audience, for telling whether a change widens it. */
export const sharingStateReach: Record<SharingState, number> = { "private": 0, "friends": 1, "friends-of-friends": 2 };

/** Ids per request; a list may grow beyond this through several requests. */
export const maxThingIdsPerRequest = 10_000;

const nameSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(255, "must be at most 255 characters"),
);
const sharingStateSchema = v.picklist(sharingStates, `must be one of ${sharingStates.join(", ")}`);
const thingIdsSchema = v.pipe(
  v.array(idSchema, "must be an array of thing ids"),
  v.maxLength(maxThingIdsPerRequest, `must hold at most ${maxThingIdsPerRequest} ids`),
);

/** `POST /api/lists`. `thingIds` and `sharingState` may be left out (empty, private). */
export const createListBody = v.object({
  name: nameSchema,
  thingIds: v.optional(v.nullable(thingIdsSchema), []),
  sharingState: v.optional(sharingStateSchema, "private"),
});
export type CreateListInput = v.InferOutput<typeof createListBody>;

/** `PATCH /api/lists/:id`: every field optional; `thingIds` replaces the membership when present. */
export const patchListBody = v.object({
  name: v.optional(nameSchema),
  thingIds: v.optional(thingIdsSchema),
  sharingState: v.optional(sharingStateSchema),
});
export type PatchListInput = v.InferOutput<typeof patchListBody>;

/** `GET /api/lists`. `paginate=false` returns up to `unpaginatedMaxLists` lists on one page. */
export const listIndexQuery = v.object({
  ...paginationQuery,
  filterOwnerId: v.optional(v.union([idSchema, v.array(idSchema)])),
  paginate: queryBoolean(true),
});

/** The things page inside a List response: `?thingsPage=&thingsPerPage=`. */
export const listShowQuery = v.object({
  thingsPage: paginationQuery.page,
  thingsPerPage: paginationQuery.perPage,
});

export const unpaginatedMaxLists = 1000;

/** Owner filter as a list, whether the query named none, one or several owners. */
export function ownerIdsOf(filter: string | string[] | undefined): string[] | undefined {
  if (filter === undefined) return undefined;
  return Array.isArray(filter) ? filter : [filter];
}
