import * as v from "valibot";
import { conflict } from "../http/errors.ts";
import { text, trimmedName } from "./text-rules.ts";

export const maxProperties = 100;

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/i;
const firstInstant = new Date(0).setUTCFullYear(1, 0, 1);
const lastInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Whether `value` is an RFC 3339 date-time with an offset (`Z` or `±hh:mm`) that names a real
 * calendar day and time between the years 1 and 9999 in UTC, the range the JSON output can
 * render with four-digit years.
 */
export function isRfc3339DateTime(value: string): boolean {
  const match = rfc3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetSign = match[9] === "-" ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return false;
  date.setUTCHours(hour, minute, second, 0);
  const instant = date.getTime() - offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return instant >= firstInstant && instant <= lastInstant;
}

const propertyName = trimmedName(255);

const stringProperty = v.object({
  type: v.literal("string"),
  name: propertyName,
  value: text(255),
});

const floatProperty = v.object({
  type: v.literal("float"),
  name: propertyName,
  value: v.pipe(v.number("must be a number"), v.finite("must be a finite number")),
  // An empty unit means no unit; the original turned a missing unit into the text "unknown".
  unit: v.optional(
    v.nullable(v.pipe(text(20), v.trim(), v.transform((unit) => (unit === "" ? null : unit)))),
    null,
  ),
});

const datetimeProperty = v.object({
  type: v.literal("datetime"),
  name: propertyName,
  value: v.pipe(
    v.string("must be a string"),
    v.check(isRfc3339DateTime, "must be an RFC 3339 date-time with an offset, such as 2024-05-01T12:00:00Z"),
    v.toUpperCase(),
  ),
});

export const propertySchema = v.variant("type", [stringProperty, floatProperty, datetimeProperty], 'must be "string", "float" or "datetime"');

export const propertiesSchema = v.pipe(
  v.array(propertySchema, "must be an array"),
  v.maxLength(maxProperties, `must have at most ${maxProperties} properties`),
);

export type PropertyInput = v.InferOutput<typeof propertySchema>;

/**
 * Reject two properties whose names differ only in case, with a 409 naming the second one.
 * The database's unique constraint is case-sensitive, so this check is the one that applies.
 */
export function rejectDuplicatePropertyNames(properties: readonly PropertyInput[]): void {
  const seen = new Set<string>();
  properties.forEach((property, index) => {
    const key = property.name.toLowerCase();
    if (seen.has(key)) throw conflict(`property "${property.name}" appears twice`, `properties[${index}].name`);
    seen.add(key);
  });
}
