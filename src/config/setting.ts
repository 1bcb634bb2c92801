import * as v from "valibot";

/**
 * Wrappers that turn a value schema into a documented configuration key. The description and
 * the default travel with the schema as valibot metadata, so the configuration reference is
 * read from the schema itself and cannot fall out of step with it.
 */

export type SettingMetadata = {
  description: string;
  /** The default as the reference shows it. */
  shownDefault: string;
};

function describeDefault(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value).replaceAll(",", ", ");
}

/** Declare a key that takes `defaultValue` when no file sets it. */
export function setting<Output>(
  value: v.GenericSchema<unknown, Output>,
  description: string,
  defaultValue: NoInfer<Output>,
): v.GenericSchema<unknown, Output> {
  const metadata: SettingMetadata = { description, shownDefault: describeDefault(defaultValue) };
  return v.pipe(v.optional(value, defaultValue as never), v.metadata(metadata));
}

/** Declare a key that stays undefined when no file sets it. The reference shows `shownDefault` for that case. */
export function optionalSetting<Output>(
  value: v.GenericSchema<unknown, Output>,
  description: string,
  shownDefault = "unset",
): v.OptionalSchema<v.GenericSchema<unknown, Output>, undefined> {
  const metadata: SettingMetadata = { description, shownDefault };
  // The pipe copies the properties of the optional schema, so it is one at runtime too, and
  // the declared type lets valibot make the key optional in the inferred config type.
  return v.pipe(v.optional(value), v.metadata(metadata)) as unknown as v.OptionalSchema<v.GenericSchema<unknown, Output>, undefined>;
}

/** Declare a key that every list item must have, such as the `name` of an OIDC provider. */
export function requiredSetting<Output>(value: v.GenericSchema<unknown, Output>, description: string): v.GenericSchema<unknown, Output> {
  const metadata: SettingMetadata = { description, shownDefault: "required" };
  return v.pipe(value, v.metadata(metadata));
}
