import { useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { ImageRef } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { Icon } from "./icon.ts";
import { ImagePicker } from "./image-picker.ts";
import { ThumbImage } from "./thumb-image.ts";
import { Uploader } from "./uploader.ts";

/**
 * The photos of a thing being edited: reorder, rotate, remove, add from the gallery or upload.
 * Rotation is applied on the server at once (it re-encodes the file and returns a new hash),
 * so what the editor shows is what gets saved.
 */
export function PhotoManager({ images, onChange }: { images: ImageRef[]; onChange: (update: (current: ImageRef[]) => ImageRef[]) => void }) {
  const { api } = useApp();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const move = (index: number, by: number) =>
    onChange((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  const rotate = async (image: ImageRef, degrees: 90 | 270) => {
    setBusy(image.id);
    setError(undefined);
    try {
      const rotated = await api.patch<ImageRef>(`/api/images/${encodeURIComponent(image.id)}`, { rotation: degrees });
      onChange((current) => current.map((entry) => (entry.id === image.id ? { ...entry, ...rotated } : entry)));
    } catch (failure) {
      setError(`Rotating ${image.name} failed: ${describeError(failure)}`);
    } finally {
      setBusy(undefined);
    }
  };
  const add = (added: ImageRef[]) => onChange((current) => [...current, ...added.filter((image) => !current.some((entry) => entry.id === image.id))]);

  return html`<div>
    ${images.length
      ? html`<ul class="photo-grid" aria-label="Photos of this thing">
          ${images.map((image, index) => html`<li key=${image.id} class="photo-tile" aria-busy=${busy === image.id ? "true" : "false"}>
            <${ThumbImage} image=${image} sizes="160px" displayWidth=${160} alt=${`Photo ${index + 1}${index === 0 ? " (cover)" : ""}`} />
            <div class="photo-tools">
              <button type="button" class="icon-button" aria-label=${`Move photo ${index + 1} earlier`} disabled=${index === 0} onClick=${() => move(index, -1)}><${Icon} name="left" size=${18} /></button>
              <button type="button" class="icon-button" aria-label=${`Rotate photo ${index + 1} left`} disabled=${busy !== undefined} onClick=${() => rotate(image, 90)}><${Icon} name="rotateLeft" size=${18} /></button>
              <button type="button" class="icon-button" aria-label=${`Rotate photo ${index + 1} right`} disabled=${busy !== undefined} onClick=${() => rotate(image, 270)}><${Icon} name="rotateRight" size=${18} /></button>
              <button type="button" class="icon-button" aria-label=${`Remove photo ${index + 1}`} onClick=${() => onChange((current) => current.filter((entry) => entry.id !== image.id))}><${Icon} name="trash" size=${18} /></button>
              <button type="button" class="icon-button" aria-label=${`Move photo ${index + 1} later`} disabled=${index === images.length - 1} onClick=${() => move(index, 1)}><${Icon} name="right" size=${18} /></button>
            </div>
          </li>`)}
        </ul>`
      : html`<p class="muted small">No photos yet. The first photo is the cover.</p>`}
    ${error ? html`<p class="error-message" role="alert">${error}</p>` : null}
    <div class="button-row" style=${{ marginBottom: "12px" }}>
      <button type="button" class="button" onClick=${() => setPickerOpen(true)} data-testid="pick-from-gallery"><${Icon} name="image" />Choose from your photos</button>
    </div>
    <${Uploader} onUploaded=${(image: ImageRef) => add([image])} />
    <${ImagePicker} open=${pickerOpen} onClose=${() => setPickerOpen(false)} onPick=${add} exclude=${images.map((image) => image.id)} />
  </div>`;
}
