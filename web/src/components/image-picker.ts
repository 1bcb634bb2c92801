import { useState } from "preact/hooks";
import type { GalleryImage, ImageRef, Paged } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { useLoad } from "../hooks/use-load.ts";
import { html } from "../html.ts";
import { Dialog } from "./dialog.ts";
import { Icon } from "./icon.ts";
import { Empty, ErrorMessage, Loading } from "./status.ts";
import { ThumbImage } from "./thumb-image.ts";

const perPage = 24;

/** Pick photos from the own gallery in a dialog; photos already chosen are marked and cannot be added twice. */
export function ImagePicker({ open, onClose, onPick, exclude, multiple = true }: { open: boolean; onClose: () => void; onPick: (images: ImageRef[]) => void; exclude: string[]; multiple?: boolean }) {
  const { api } = useApp();
  const [page, setPage] = useState(0);
  const [onlyUnassigned, setOnlyUnassigned] = useState(true);
  const [selected, setSelected] = useState<GalleryImage[]>([]);
  const images = useLoad(
    (signal) => (open ? api.get<Paged<"images", GalleryImage>>("/api/images", { page, perPage, onlyUnassigned }, signal) : Promise.resolve(undefined)),
    [open, page, onlyUnassigned],
  );
  const toggle = (image: GalleryImage) =>
    setSelected((current) => (current.some((entry) => entry.id === image.id) ? current.filter((entry) => entry.id !== image.id) : multiple ? [...current, image] : [image]));
  const close = () => {
    setSelected([]);
    onClose();
  };
  const data = images.data;
  return html`<${Dialog} open=${open} title="Choose from your photos" onClose=${close} class="wide" testid="image-picker">
    <label class="checkbox"><input type="checkbox" checked=${onlyUnassigned} onChange=${(event: Event) => {
      setOnlyUnassigned((event.currentTarget as HTMLInputElement).checked);
      setPage(0);
    }} /> Only photos not used by any thing</label>
    <${ErrorMessage} error=${images.error} retry=${images.reload} />
    ${images.loading && !data ? html`<${Loading} />` : null}
    ${data && data.images.length === 0 ? html`<${Empty}>No photos here. Upload some first.<//>` : null}
    ${data && data.images.length
      ? html`<ul class="photo-grid" style=${{ marginTop: "16px" }}>
          ${data.images.map((image) => {
            const already = exclude.includes(image.id);
            const isSelected = selected.some((entry) => entry.id === image.id);
            return html`<li key=${image.id} class="photo-tile">
              <button type="button" class="icon-button" style=${{ width: "100%", height: "auto", padding: 0, display: "block" }} aria-pressed=${isSelected ? "true" : "false"} disabled=${already}
                aria-label=${already ? `${image.name}, already added` : `Select ${image.name}`} onClick=${() => toggle(image)}>
                <${ThumbImage} image=${image} sizes="140px" displayWidth=${140} alt="" />
              </button>
              <div class="photo-tools small"><span class="chip-label">${already ? "Added" : isSelected ? "Selected" : image.name}</span>${isSelected ? html`<${Icon} name="check" size=${16} />` : null}</div>
            </li>`;
          })}
        </ul>
        <div class="button-row">
          <button type="button" class="button" disabled=${page === 0} onClick=${() => setPage(page - 1)}>Previous</button>
          <span class="small muted">Page ${page + 1} of ${Math.max(1, data.totalPageCount)}</span>
          <button type="button" class="button" disabled=${page >= data.totalPageCount - 1} onClick=${() => setPage(page + 1)}>Next</button>
        </div>`
      : null}
    <div class="button-row end" style=${{ marginTop: "16px" }}>
      <button type="button" class="button" onClick=${close}>Cancel</button>
      <button type="button" class="button primary" disabled=${selected.length === 0} data-testid="picker-add" onClick=${() => {
        onPick(selected);
        close();
      }}>${selected.length ? `Add ${selected.length} ${selected.length === 1 ? "photo" : "photos"}` : "Add photos"}</button>
    </div>
  <//>`;
}
