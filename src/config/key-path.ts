/** A position in the configuration tree: map keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** Render a path as operators write it: `database.port`, `auth.oidc.providers[0].name`. */
export function formatKeyPath(path: KeyPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
