import * as v from "valibot";
import { invalidInput } from "../http/errors.ts";
import { idSchema } from "../http/validation.ts";
import { propertiesSchema } from "./property-input.ts";
import { maxQuantity } from "./quantity-ledger.ts";
import { text, trimmedName } from "./text-rules.ts";
import { sharingStates } from "./thing-json.ts";

export const maxImagesPerThing = 100;

const name = trimmedName(255);
const longText = text(10_000);
const quantityUnit = v.pipe(text(32), v.trim());
const sharingState = v.picklist(sharingStates, 'must be one of "private", "friends", "friends-of-friends"');
const quantity = v.pipe(
  v.number("must be a whole number"),
  v.integer("must be a whole number"),
  v.minValue(0, "must not be negative"),
  v.maxValue(maxQuantity, `must be at most ${maxQuantity}`),
);
const imagesIds = v.pipe(
  v.array(idSchema, "must be an array of image ids"),
  v.maxLength(maxImagesPerThing, `must have at most ${maxImagesPerThing} images`),
);

/**
 * The body of `POST /api/things`. Only `name` is required: absent or null fields take their
 * defaults (empty texts, no images or properties, quantity 0, unit "pcs", private). Keys the
 * schema does not name, such as `id` or `owner` from a Thing sent back, are ignored.
 */
export const createThingSchema = v.object({
  name,
  description: v.optional(v.nullable(longText, ""), ""),
  privateNote: v.optional(v.nullable(longText, ""), ""),
  imagesIds: v.optional(v.nullable(imagesIds, []), []),
  properties: v.optional(v.nullable(propertiesSchema, []), []),
  quantity: v.optional(v.nullable(quantity, 0), 0),
  quantityUnit: v.pipe(
    v.optional(v.nullable(quantityUnit, ""), ""),
    v.transform((unit) => (unit === "" ? "pcs" : unit)),
  ),
  sharingState: v.optional(v.nullable(sharingState, "private"), "private"),
});

/**
 * The body of `PATCH /api/things/:id`: the same fields, every one optional. A field that is
 * absent or null stays as it is; one that is present replaces the stored value (`[]` removes
 * all properties or images, `""` empties a text). So a client that sends the whole object, as
 * the original's web app did, gets the replacement it expects.
 */
export const patchThingSchema = v.object({
  name: v.nullish(name),
  description: v.nullish(longText),
  privateNote: v.nullish(longText),
  imagesIds: v.nullish(imagesIds),
  properties: v.nullish(propertiesSchema),
  quantity: v.nullish(quantity),
  quantityUnit: v.nullish(quantityUnit),
  sharingState: v.nullish(sharingState),
});

/** The body of `POST /api/things/:id/quantity`: a change relative to the current total. */
export const quantityChangeSchema = v.object({
  delta: v.pipe(
    v.number("must be a whole number"),
    v.integer("must be a whole number"),
    v.minValue(-maxQuantity, `must be at least ${-maxQuantity}`),
    v.maxValue(maxQuantity, `must be at most ${maxQuantity}`),
  ),
  unit: v.nullish(quantityUnit),
});

export type CreateThingInput = v.InferOutput<typeof createThingSchema>;
export type PatchThingInput = v.InferOutput<typeof patchThingSchema>;
export type QuantityChangeInput = v.InferOutput<typeof quantityChangeSchema>;

/** Reject an image id given twice, naming the second occurrence. */
export function rejectDuplicateImageIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) throw invalidInput(`imagesIds[${index}]: image ${id} appears twice`, `imagesIds[${index}]`);
    seen.add(id);
  });
}
