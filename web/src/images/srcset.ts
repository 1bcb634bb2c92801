/** Widths `/assets/:hash?width=N` serves; other widths are rounded up to the next of these. */
export const assetWidths = [64, 128, 256, 384, 512, 768, 1024, 1536, 2048] as const;

/** The smallest served width at or above `width` (the largest one for anything bigger). */
export function servedWidth(width: number): number {
  return assetWidths.find((candidate) => candidate >= width) ?? assetWidths[assetWidths.length - 1]!;
}

export function assetUrl(apiHost: string, hash: string, width?: number): string {
  return `${apiHost}/assets/${encodeURIComponent(hash)}${width ? `?width=${width}` : ""}`;
}

/**
 * A `srcset` with `w` descriptors over the served widths from the smallest useful one up to
 * `maxWidth` (three times the largest display width covers 3× screens). When the original is
 * narrower than `maxWidth`, the served widths beyond it are replaced by the original itself at
 * its true width, because resizing up would only add bytes.
 */
export function buildSrcset(apiHost: string, hash: string, maxWidth: number, originalWidth?: number | null): string {
  const cap = servedWidth(maxWidth);
  const original = originalWidth && originalWidth > 0 && originalWidth < cap ? originalWidth : undefined;
  const widths = assetWidths.filter((width) => (original ? width < original : width <= cap));
  const entries = widths.map((width) => `${assetUrl(apiHost, hash, width)} ${width}w`);
  if (original) entries.push(`${assetUrl(apiHost, hash)} ${original}w`);
  return entries.join(", ");
}
