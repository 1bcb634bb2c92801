import { useState } from "preact/hooks";
import type { ImageRef } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { assetUrl, buildSrcset, servedWidth } from "../images/srcset.ts";
import { thumbHashToDataUrl } from "../images/thumbhash.ts";
import { Icon } from "./icon.ts";

export interface ThumbImageProps {
  image: ImageRef | null | undefined;
  /** The `sizes` attribute: how wide the image is drawn at each viewport width. */
  sizes: string;
  /** The widest the image is ever drawn, in CSS pixels; the srcset goes up to 2× this. */
  displayWidth: number;
  alt?: string;
  /** `cover` fills a fixed box (cards), `contain` shows the whole picture (detail view). */
  fit?: "cover" | "contain";
  eager?: boolean;
  class?: string;
}

/**
 * A photo from `/assets` with a srcset at the widths the server serves, shown over its
 * ThumbHash placeholder until it loads, in a box of the photo's own aspect ratio when known.
 */
export function ThumbImage(props: ThumbImageProps) {
  const { api } = useApp();
  const [state, setState] = useState<"loading" | "loaded" | "failed">("loading");
  const image = props.image;
  const fit = props.fit ?? "cover";
  if (!image) {
    return html`<span class=${`thumb thumb-empty ${props.class ?? ""}`} role="img" aria-label=${props.alt ? `${props.alt}: no photo` : "No photo"}><${Icon} name="image" size=${32} /></span>`;
  }
  const placeholder = state !== "loaded" && image.thumbhash ? thumbHashToDataUrl(image.thumbhash) : undefined;
  const ratio = image.width && image.height ? `${image.width} / ${image.height}` : undefined;
  return html`<span class=${`thumb thumb-${fit} ${state === "loaded" ? "is-loaded" : ""} ${props.class ?? ""}`} style=${{ backgroundImage: placeholder ? `url("${placeholder}")` : undefined, aspectRatio: fit === "contain" ? ratio : undefined }}>
    ${state === "failed"
      ? html`<span class="thumb-failed" role="img" aria-label=${`${props.alt ?? image.name}: the photo could not be loaded`}><${Icon} name="image" size=${32} /></span>`
      : html`<img
          src=${assetUrl(api.apiHost, image.hash, servedWidth(props.displayWidth))}
          srcset=${buildSrcset(api.apiHost, image.hash, props.displayWidth * 2, image.width)}
          sizes=${props.sizes}
          width=${image.width ?? undefined}
          height=${image.height ?? undefined}
          alt=${props.alt ?? image.name}
          loading=${props.eager ? "eager" : "lazy"}
          decoding="async"
          onLoad=${() => setState("loaded")}
          onError=${() => setState("failed")}
        />`}
  </span>`;
}
