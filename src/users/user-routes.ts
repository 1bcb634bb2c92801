import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, readQuery } from "../http/validation.ts";
import { findUsersByIds, searchUserDirectory } from "./find-users.ts";

export const maxIdsPerLookup = 100;

// `ids` arrives as one comma-separated value, as repeated keys, or both.
const idList = v.pipe(
  v.union([v.string(), v.array(v.string())], "must be a comma-separated list of user ids"),
  v.transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(","))),
  v.transform((parts) => [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ""))]),
  v.minLength(1, "must name at least one user id"),
  v.maxLength(maxIdsPerLookup, `must name at most ${maxIdsPerLookup} user ids`),
  v.array(idSchema),
);

const searchTerm = v.pipe(
  v.string("must be given once"),
  v.trim(),
  v.transform((value) => (value === "" ? undefined : value)),
  v.optional(
    v.pipe(
      v.string(),
      v.minLength(2, "must be at least 2 characters"),
      v.maxLength(255, "must be at most 255 characters"),
    ),
  ),
);

export const directoryQuery = v.pipe(
  v.object({ ...paginationQuery, q: v.optional(searchTerm), ids: v.optional(idList) }),
  v.forward(
    v.check((query) => query.ids === undefined || query.q === undefined, "cannot be combined with q"),
    ["ids"],
  ),
);

const idParam = v.object({ id: idSchema });

/** `/api/users`: the users directory, with full profile cards only for the viewer's own circle. */
export function userRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const viewer = requireViewer(c);
    const query = readQuery(c, directoryQuery);
    const page = { page: query.page, perPage: query.perPage };

    if (query.ids !== undefined) {
      const users = await findUsersByIds(deps.db, viewer.id, query.ids);
      return c.json(pageEnvelope("users", users, { page: 0, perPage: query.ids.length }, users.length));
    }
    const result = await searchUserDirectory(deps.db, viewer.id, { query: query.q, page });
    return c.json(pageEnvelope("users", result.users, page, result.totalCount));
  });

  routes.get("/:id", async (c) => {
    const viewer = requireViewer(c);
    const { id } = parseWith(idParam, c.req.param());
    const [user] = await findUsersByIds(deps.db, viewer.id, [id]);
    if (!user) throw notFound("user");
    return c.json(user);
  });

  return routes;
}
