import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, type ScalarTag, type Tags } from "yaml";
import { ConfigError } from "./config-error.ts";

export type ConfigTree = Record<string, unknown>;

const readFailures: Record<string, string> = {
  ENOENT: "file not found",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, expected a YAML or JSON file",
};

// Unquoted numbers and booleans keep their source text; the schema decides what the text
// means for each key. So `port: 5432` still becomes a number, while `password: 0123` stays
// "0123" instead of turning into 123, and `enabled: yes` is rejected instead of read as text.
const textTags = new Set(["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"]);

function keepSourceText(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== "object" || "collection" in tag || !textTags.has(tag.tag)) return tag;
    const asText: ScalarTag = { ...tag, resolve: (source) => source };
    return asText;
  });
}

/**
 * Read one configuration file, YAML or JSON (JSON is read as YAML, which accepts it), into a
 * plain tree. Returns the YAML warnings (such as unknown tags) with the file and line.
 * Throws ConfigError naming the file, and the line for syntax errors. Messages carry no
 * source text, because the offending line may hold a secret.
 */
export async function readConfigFile(name: string, path: string): Promise<{ tree: ConfigTree; warnings: string[] }> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ConfigError([`${name}: cannot read the configuration file: ${readFailures[code] ?? (error as Error).message}`]);
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(source, { customTags: keepSourceText, merge: true, prettyErrors: false, lineCounter });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}: line ${line}, column ${col}`;
  };
  const [syntaxError] = document.errors;
  if (syntaxError) throw new ConfigError([`${where(syntaxError.pos[0])}: invalid YAML: ${syntaxError.message}`]);
  const warnings = document.warnings.map((warning) => `${where(warning.pos[0])}: ${warning.message}`);

  const tree: unknown = document.toJS();
  if (tree === null || tree === undefined) return { tree: {}, warnings };
  if (typeof tree !== "object" || Array.isArray(tree)) {
    // Only the kind: a file passed by mistake may be a bare secret such as a key.
    const kind = Array.isArray(tree) ? "a list" : "a single value";
    throw new ConfigError([`${name}: expected a map of settings at the top level, got ${kind}`]);
  }
  return { tree: tree as ConfigTree, warnings };
}
