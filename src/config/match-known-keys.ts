import { ConfigError } from "./config-error.ts";
import { editDistance } from "./edit-distance.ts";
import { formatKeyPath, isPlainMap, type KeyPath } from "./key-path.ts";
import type { ConfigTree } from "./read-config-file.ts";
import type { SchemaShape } from "./schema-shape.ts";

type MapShape = Extract<SchemaShape, { kind: "map" }>;

interface Matching {
  file: string;
  warnings: string[];
  /** Every key path of the schema, for suggestions across sections. */
  knownPaths: readonly KeyPath[];
}

function listKnownPaths(shape: SchemaShape, path: KeyPath, into: KeyPath[]): KeyPath[] {
  if (shape.kind === "map") {
    for (const [key, entry] of Object.entries(shape.entries)) {
      into.push([...path, key]);
      listKnownPaths(entry, [...path, key], into);
    }
  } else if (shape.kind === "list") {
    listKnownPaths(shape.item, [...path, 0], into);
  }
  return into;
}

/**
 * Suggest the closest sibling key by edit distance, or else keys of the same name in other
 * sections (`privateKey` at the top level is `auth.privateKey`).
 */
function suggestKey(written: string, siblings: readonly string[], path: KeyPath, matching: Matching): string | undefined {
  const lowered = written.toLowerCase();
  const allowedDistance = Math.max(1, Math.min(3, Math.floor(written.length / 3)));
  const ranked = siblings
    .map((key) => ({ key, distance: editDistance(lowered, key.toLowerCase()) }))
    .filter(({ distance }) => distance <= allowedDistance)
    .sort((a, b) => a.distance - b.distance);
  if (ranked[0]) return formatKeyPath([...path, ranked[0].key]);

  const elsewhere = matching.knownPaths
    .filter((known) => String(known.at(-1)).toLowerCase() === lowered)
    .map((known) => formatKeyPath(known).replaceAll("[0]", "[]"));
  return elsewhere.length ? elsewhere.join(" or ") : undefined;
}

function matchMap(map: Record<string, unknown>, shape: MapShape, path: KeyPath, matching: Matching): ConfigTree {
  const known = Object.keys(shape.entries);
  const byLowerCase = new Map(known.map((key) => [key.toLowerCase(), key]));
  const writtenAs = new Map<string, string>();
  const matched: ConfigTree = {};

  for (const [written, value] of Object.entries(map)) {
    const canonical = Object.hasOwn(shape.entries, written) ? written : byLowerCase.get(written.toLowerCase());
    const writtenPath = formatKeyPath([...path, written]);
    if (canonical === undefined) {
      const suggestion = suggestKey(written, known, path, matching);
      matching.warnings.push(`${matching.file}: unknown key ${writtenPath} is ignored${suggestion ? `; did you mean ${suggestion}?` : ""}`);
      continue;
    }
    const earlier = writtenAs.get(canonical);
    if (earlier !== undefined) {
      throw new ConfigError([`${matching.file}: ${writtenPath}: the same key as ${earlier} apart from letter case; keep only ${canonical}`]);
    }
    writtenAs.set(canonical, written);
    if (canonical !== written) {
      const canonicalPath = formatKeyPath([...path, canonical]);
      matching.warnings.push(`${matching.file}: key ${writtenPath} matches ${canonicalPath} only when letter case is ignored; the canonical spelling is ${canonical}`);
    }
    matched[canonical] = matchValue(value, shape.entries[canonical] as SchemaShape, [...path, canonical], matching);
  }
  return matched;
}

function matchValue(value: unknown, shape: SchemaShape, path: KeyPath, matching: Matching): unknown {
  if (shape.kind === "map" && isPlainMap(value)) return matchMap(value, shape, path, matching);
  if (shape.kind === "list" && shape.item.kind === "map") {
    const itemShape = shape.item;
    // A single map where a list of maps is expected is read as a one-item list later on.
    if (isPlainMap(value)) return matchMap(value, itemShape, [...path, 0], matching);
    if (Array.isArray(value)) {
      return value.map((item, index) => (isPlainMap(item) ? matchMap(item, itemShape, [...path, index], matching) : item));
    }
  }
  return value;
}

/**
 * Rename keys that differ from a known key only in letter case (the original server matched
 * keys ignoring case) and drop unknown keys. Both produce a warning naming the file; a key
 * written twice in different case is a ConfigError.
 */
export function matchKnownKeys(tree: ConfigTree, shape: MapShape, file: string): { tree: ConfigTree; warnings: string[] } {
  const matching: Matching = { file, warnings: [], knownPaths: listKnownPaths(shape, [], []) };
  return { tree: matchMap(tree, shape, [], matching), warnings: matching.warnings };
}
