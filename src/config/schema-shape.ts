import type * as v from "valibot";

/**
 * The structure of the configuration schema: which keys a map has, which values are lists of
 * maps, and the documented settings at the leaves. The loader matches file keys against it and
 * the reference is generated from it.
 */
export type SchemaShape =
  | { kind: "setting"; type: string; secret: boolean; description: string; shownDefault: string }
  | { kind: "map"; entries: Record<string, SchemaShape> }
  | { kind: "list"; item: SchemaShape };

// The parts of valibot's runtime objects this walker reads. Pipes copy the properties of
// their first schema, so a piped object still has `type: "object"` and `entries`.
interface SchemaNode {
  kind: string;
  type: string;
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  pipe?: readonly SchemaNode[];
  metadata?: Record<string, unknown>;
}

/**
 * The schema a wrapper stands for: the wrapped schema of an optional, else the last schema
 * piped into, else the schema a pipe started from (which may carry metadata of its own).
 */
function innerSchema(node: SchemaNode): SchemaNode | undefined {
  if (node.type === "optional") return node.wrapped;
  if (node.type === "object" || node.type === "array" || !node.pipe) return undefined;
  return node.pipe.slice(1).findLast((item) => item.kind === "schema") ?? node.pipe[0];
}

/** Metadata along a chain of wrappers; the outermost value of a key wins. */
function collectMetadata(node: SchemaNode): Record<string, unknown> {
  const own = Object.assign({}, ...(node.pipe ?? []).filter((item) => item.kind === "metadata").map((item) => item.metadata));
  const inner = innerSchema(node);
  return inner ? { ...collectMetadata(inner), ...own } : own;
}

function shapeOfNode(node: SchemaNode, path: string): SchemaShape {
  const metadata = collectMetadata(node);
  if (typeof metadata.description === "string") {
    return {
      kind: "setting",
      type: String(metadata.type),
      secret: metadata.secret === true,
      description: metadata.description,
      shownDefault: String(metadata.shownDefault),
    };
  }
  let structural: SchemaNode | undefined = node;
  while (structural && structural.type !== "object" && structural.type !== "array") structural = innerSchema(structural);

  if (structural?.type === "object" && structural.entries) {
    const entries: Record<string, SchemaShape> = {};
    for (const [key, entry] of Object.entries(structural.entries)) entries[key] = shapeOfNode(entry, path ? `${path}.${key}` : key);
    return { kind: "map", entries };
  }
  if (structural?.type === "array" && structural.item) return { kind: "list", item: shapeOfNode(structural.item, `${path}[]`) };
  throw new TypeError(`configuration schema: ${path} is neither a section nor a documented setting`);
}

/** Read the shape of a schema built from `section`, `setting` and the value schemas. */
export function shapeOf(schema: v.GenericSchema): SchemaShape {
  return shapeOfNode(schema as unknown as SchemaNode, "");
}
