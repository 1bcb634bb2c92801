import { describe, expect, test } from "bun:test";
import type { OpenapiDocument } from "./build-document.ts";
import { renderDocsPage } from "./docs-page.ts";

const document: OpenapiDocument = {
  openapi: "3.1.0",
  info: { title: "Test API", version: "1", description: "Send `<b>` & friends." },
  tags: [{ name: "Widgets", description: "All about `widgets`." }],
  paths: {
    "/api/widgets": {
      get: {
        tags: ["Widgets"],
        operationId: "listWidgets",
        summary: "List widgets",
        responses: { "200": { description: "The widgets", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Widget" } } } } } },
      },
    },
  },
  components: { schemas: { Widget: { type: "object", properties: { id: { type: "string" } } } } },
};

describe("renderDocsPage", () => {
  const page = renderDocsPage(document);

  test("escapes backtick spans into code", () => {
    expect(page).toContain("<p>Send <code>&#60;b&#62;</code> &#38; friends.</p>");
    expect(page).toContain("<p>All about <code>widgets</code>.</p>");
  });

  test("indents schemas and links each $ref", () => {
    expect(page).toContain('<pre>{\n  &#34;type&#34;: &#34;array&#34;,\n  &#34;items&#34;: {\n    &#34;$ref&#34;: &#34;<a href="#schema-widget">#/components/schemas/Widget</a>&#34;\n  }\n}</pre>');
    expect(page).toContain('<details id="schema-widget"><summary><code>Widget</code></summary><pre>{\n  &#34;type&#34;: &#34;object&#34;,');
  });
});
