import { Hono, type Context } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { offsetOf, pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { idSchema, parseWith, queryBoolean, readJsonBody, readQuery } from "../http/validation.ts";
import { changeQuantity } from "./change-quantity.ts";
import { createThing } from "./create-thing.ts";
import { deleteThing } from "./delete-thing.ts";
import { pageOfThingsVisibleTo, summarizeThingsVisibleTo, unpaginatedLimit } from "./list-visible-things.ts";
import { loadThings } from "./load-things.ts";
import { text } from "./text-rules.ts";
import { showThingAudience } from "./thing-audience-route.ts";
import { createThingSchema, patchThingSchema, quantityChangeSchema } from "./thing-input.ts";
import { updateThing } from "./update-thing.ts";

const maxOwnerFilters = 100;

export const indexQuerySchema = v.object({
  ...paginationQuery,
  filterOwnerId: v.optional(
    v.pipe(
      v.union([v.string(), v.array(v.string())], "must be a user id"),
      v.transform((value) => (Array.isArray(value) ? value : [value])),
      v.array(idSchema),
      v.maxLength(maxOwnerFilters, `must be given at most ${maxOwnerFilters} times`),
    ),
    [],
  ),
  searchTerm: v.optional(v.pipe(text(255), v.trim()), ""),
  paginate: queryBoolean(true),
});

const pathSchema = v.object({ id: idSchema });

function thingIdOf(c: Context<AppEnv>): string {
  return parseWith(pathSchema, { id: c.req.param("id") }).id;
}

/** `/api/things`: the things index and summary, create, read, partial update, delete, quantity changes. */
export function thingRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const viewer = requireViewer(c);
    const query = readQuery(c, indexQuerySchema);
    const page = { page: query.page, perPage: query.perPage };
    const window = query.paginate ? { limit: page.perPage, offset: offsetOf(page) } : { limit: unpaginatedLimit, offset: 0 };
    const filter = { ownerIds: query.filterOwnerId, searchTerm: query.searchTerm };

    const { things, totalCount } = await pageOfThingsVisibleTo(deps.db, viewer.id, filter, window);
    return c.json(pageEnvelope("things", things, page, totalCount));
  });

  app.get("/summary", async (c) => {
    const viewer = requireViewer(c);
    return c.json(await summarizeThingsVisibleTo(deps.db, viewer.id));
  });

  app.post("/", async (c) => {
    const viewer = requireViewer(c);
    const input = await readJsonBody(c, createThingSchema);
    return c.json(await createThing(deps.db, deps.config, viewer, input), 201);
  });

  app.get("/:id", async (c) => {
    const viewer = requireViewer(c);
    const [thing] = await loadThings(deps.db, viewer.id, [thingIdOf(c)]);
    if (!thing) throw notFound("Thing");
    return c.json(thing);
  });

  app.get("/:id/audience", (c) => showThingAudience(c, deps.db));

  app.patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const thingId = thingIdOf(c);
    const input = await readJsonBody(c, patchThingSchema);
    return c.json(await updateThing(deps.db, deps.config, viewer, thingId, input));
  });

  app.delete("/:id", async (c) => {
    const viewer = requireViewer(c);
    await deleteThing(deps.db, viewer.id, thingIdOf(c));
    return c.body(null, 204);
  });

  app.post("/:id/quantity", async (c) => {
    const viewer = requireViewer(c);
    const thingId = thingIdOf(c);
    const input = await readJsonBody(c, quantityChangeSchema);
    return c.json(await changeQuantity(deps.db, viewer.id, thingId, input));
  });

  return app;
}
