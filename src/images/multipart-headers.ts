/** Return the boundary of a `multipart/form-data` content type, or null when it is not one. */
export function parseMultipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const parameters = parseParameters(contentType.slice(contentType.indexOf(";") + 1));
  const boundary = parameters.get("boundary");
  // RFC 2046 allows 1 to 70 characters.
  return boundary && boundary.length <= 70 ? boundary : null;
}

/** Parse the `name` and `filename` of a part's Content-Disposition (`form-data; name="file"; filename="a.jpg"`). */
export function parseContentDisposition(value: string): { name?: string; fileName?: string } {
  const parameters = parseParameters(value.slice(value.indexOf(";") + 1));
  const extended = parameters.get("filename*");
  let fileName = parameters.get("filename");
  // RFC 5987 form: charset'language'percent-encoded, e.g. UTF-8''%E2%82%AC.jpg
  const match = extended ? /^([\w-]+)'[^']*'(.*)$/.exec(extended) : null;
  if (match && match[1]!.toLowerCase() === "utf-8") {
    try {
      fileName = decodeURIComponent(match[2]!);
    } catch {
      // a malformed extended name leaves the plain one
    }
  }
  return { name: parameters.get("name"), fileName };
}

/**
 * `key=value` pairs separated by `;`, values optionally quoted. Inside quotes only `\"` is
 * unescaped: browsers send Windows paths with bare backslashes (`C:\Users\me\a.jpg`).
 */
function parseParameters(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))\s*(?:;|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && match[0] !== "") {
    const value = match[2] !== undefined ? match[2].replace(/\\"/g, '"') : (match[3] ?? "").trim();
    parameters.set(match[1]!.toLowerCase(), value);
  }
  return parameters;
}
