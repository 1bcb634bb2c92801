import { configSchema } from "./schema.ts";
import { shapeOf, type SchemaShape } from "./schema-shape.ts";

export interface ConfigReferenceEntry {
  /** Dotted path as written in YAML; `[]` marks the items of a list, as in `auth.oidc.providers[].name`. */
  key: string;
  type: string;
  default: string;
  description: string;
  /** Never shown in messages or logs. */
  secret: boolean;
}

function listSettings(shape: SchemaShape, key: string, into: ConfigReferenceEntry[]): ConfigReferenceEntry[] {
  if (shape.kind === "setting") {
    into.push({ key, type: shape.type, default: shape.shownDefault, description: shape.description, secret: shape.secret });
  } else if (shape.kind === "list") {
    listSettings(shape.item, `${key}[]`, into);
  } else {
    for (const [name, entry] of Object.entries(shape.entries)) listSettings(entry, key ? `${key}.${name}` : name, into);
  }
  return into;
}

/** The structure of `configSchema`, read once. */
export const configShape = shapeOf(configSchema);

/** Every configuration key with its type, default and meaning, in schema order, for generated docs. */
export const configReference: readonly ConfigReferenceEntry[] = listSettings(configShape, "", []);
