import { createHash } from "node:crypto";
import type { OpenapiDocument } from "./build-document.ts";

type JsonObject = Record<string, unknown>;

const methods = ["get", "put", "post", "patch", "delete"] as const;

const style = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --code: rgba(127,127,127,.12); }
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { margin-bottom: .25rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); }
nav ul { columns: 3 12rem; padding-left: 1.2rem; }
section.operation { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
h3 { font-size: 1rem; margin: .25rem 0; font-family: ui-monospace, monospace; }
.method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
.get { color: #2563eb; } .post { color: #16a34a; } .put, .patch { color: #b45309; } .delete { color: #dc2626; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-top: 1px solid var(--line); }
code, pre { font-family: ui-monospace, monospace; font-size: .85rem; background: var(--code); border-radius: 3px; }
code { padding: 0 .2rem; } pre { padding: .5rem; overflow-x: auto; } td pre, li pre { margin: .25rem 0; }
`;

/** The Content-Security-Policy of the page: its one inline style element, by hash, and nothing else. */
export const docsPageContentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Render the document as one self-contained HTML page: operations grouped by tag, with their
 * parameters, request body schema and responses. It needs no script and loads nothing else,
 * so it works on a server without internet access.
 */
export function renderDocsPage(document: OpenapiDocument): string {
  const tags = (document.tags as { name: string; description: string }[]) ?? [];
  const byTag = new Map<string, string[]>(tags.map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method] as JsonObject | undefined;
      if (!operation) continue;
      const tag = (operation.tags as string[])[0] as string;
      byTag.get(tag)?.push(renderOperation(method, path, operation));
    }
  }

  const sections = tags.map(
    (tag) => `<h2 id="${anchor(tag.name)}">${escape(tag.name)}</h2>\n<p>${prose(tag.description)}</p>\n${(byTag.get(tag.name) ?? []).join("\n")}`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} ${escape(document.info.version)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escape(document.info.title)}</h1>
<p class="muted">Version ${escape(document.info.version)}, OpenAPI ${escape(document.openapi)}. The machine-readable document: <a href="openapi.json">openapi.json</a>.</p>
<p>${prose(document.info.description)}</p>
<nav><ul>${tags.map((tag) => `<li><a href="#${anchor(tag.name)}">${escape(tag.name)}</a></li>`).join("")}<li><a href="#schemas">Schemas</a></li></ul></nav>
${sections.join("\n")}
<h2 id="schemas">Schemas</h2>
${renderSchemas(document)}
</body>
</html>
`;
}

function renderOperation(method: string, path: string, operation: JsonObject): string {
  const parts = [
    `<section class="operation" id="${anchor(String(operation.operationId))}">`,
    `<h3><span class="method ${method}">${method}</span> ${escape(path)}</h3>`,
    `<p><strong>${prose(String(operation.summary))}</strong>${accessNote(operation)}</p>`,
  ];
  if (operation.description) parts.push(`<p>${prose(String(operation.description))}</p>`);

  const parameters = (operation.parameters as JsonObject[] | undefined) ?? [];
  if (parameters.length) {
    const rows = parameters.map(
      (parameter) =>
        `<tr><td><code>${escape(String(parameter.name))}</code></td><td>${escape(String(parameter.in))}${parameter.required ? ", required" : ""}</td><td>${schemaJson(parameter.schema)}</td></tr>`,
    );
    parts.push(`<table><tr><th>Parameter</th><th>In</th><th>Schema</th></tr>${rows.join("")}</table>`);
  }

  const body = operation.requestBody as JsonObject | undefined;
  if (body) {
    for (const [mediaType, media] of Object.entries(body.content as Record<string, JsonObject>)) {
      parts.push(`<details><summary>Request body (${escape(mediaType)}${body.required ? ", required" : ""})</summary>${schemaJson(media.schema)}</details>`);
    }
  }

  const responses = Object.entries(operation.responses as Record<string, JsonObject>).map(([status, response]) => `<li><code>${escape(status)}</code> ${describeResponse(response)}</li>`);
  parts.push(`<ul>${responses.join("")}</ul>`, "</section>");
  return parts.join("\n");
}

function renderSchemas(document: OpenapiDocument): string {
  const schemas = ((document.components as JsonObject).schemas ?? {}) as Record<string, unknown>;
  return Object.entries(schemas)
    .map(([name, schema]) => `<details id="schema-${anchor(name)}"><summary><code>${escape(name)}</code></summary>${schemaJson(schema)}</details>`)
    .join("\n");
}

function accessNote(operation: JsonObject): string {
  const security = operation.security as unknown[] | undefined;
  if (security === undefined) return "";
  return security.length === 0 ? ' <span class="muted">(no session needed)</span>' : ' <span class="muted">(session optional)</span>';
}

function describeResponse(response: JsonObject): string {
  if (typeof response.$ref === "string") {
    const name = response.$ref.split("/").at(-1) as string;
    return `error <code>${escape(name)}</code> (the Error envelope)`;
  }
  const content = response.content as Record<string, { schema: JsonObject }> | undefined;
  const json = content?.["application/json"]?.schema;
  let schemaNote = "";
  if (json && typeof json.$ref === "string") {
    const name = json.$ref.split("/").at(-1) as string;
    schemaNote = ` <a href="#schema-${anchor(name)}"><code>${escape(name)}</code></a>`;
  } else if (json) {
    schemaNote = schemaJson(json);
  }
  return `${prose(String(response.description))}${schemaNote}`;
}

/** Print a schema as indented JSON in a block, with each `$ref` to a component schema linked to it on this page. */
function schemaJson(schema: unknown): string {
  // Component names are identifiers, so escaping leaves them unchanged.
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`.replace(/&#34;#\/components\/schemas\/([A-Za-z0-9_.-]+)&#34;/g, (_match, name: string) => `&#34;<a href="#schema-${anchor(name)}">#/components/schemas/${name}</a>&#34;`);
}

/** Escape the text of a description and show its Markdown backtick spans as code. */
function prose(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
