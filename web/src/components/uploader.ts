import { useRef, useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { ImageRef } from "../api/types.ts";
import { uploadImage, type UploadHandle } from "../api/upload.ts";
import { useApp } from "../app-context.ts";
import { html } from "../html.ts";
import { Icon } from "./icon.ts";

interface UploadItem {
  key: number;
  file: File;
  progress: number;
  error?: string;
  handle?: UploadHandle;
}

/** Uploads run two at a time: enough to fill a phone's uplink without starving the page. */
const parallelUploads = 2;

/**
 * Pick photos by file dialog, camera or drag and drop; each file uploads at once with its own
 * progress bar. `onUploaded` receives every finished image in the order it completes.
 */
export function Uploader({ onUploaded, multiple = true, label = "Add photos" }: { onUploaded: (image: ImageRef) => void; multiple?: boolean; label?: string }) {
  const { api, session, announcements } = useApp();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(0);
  const queue = useRef<UploadItem[]>([]);
  const running = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);

  const patch = (key: number, change: Partial<UploadItem>) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  const remove = (key: number) => {
    queue.current = queue.current.filter((item) => item.key !== key);
    setItems((current) => current.filter((item) => item.key !== key));
  };

  const pump = () => {
    while (running.current < parallelUploads && queue.current.length) {
      const item = queue.current.shift()!;
      running.current++;
      const handle = uploadImage(api.apiHost, item.file, (fraction) => patch(item.key, { progress: fraction }), session.ensureFresh);
      patch(item.key, { handle, error: undefined, progress: 0 });
      handle.promise
        .then((image) => {
          remove(item.key);
          onUploaded(image);
          announcements.set(`Uploaded ${item.file.name}`);
        })
        .catch((error: unknown) => {
          if ((error as Error)?.name === "AbortError") remove(item.key);
          else patch(item.key, { error: describeError(error), handle: undefined });
        })
        .finally(() => {
          running.current--;
          pump();
        });
    }
  };

  const enqueue = (files: FileList | File[] | null) => {
    const picked = [...(files ?? [])].filter((file) => file.type.startsWith("image/") || file.type === "");
    const chosen = multiple ? picked : picked.slice(0, 1);
    const added = chosen.map((file) => ({ key: nextKey.current++, file, progress: 0 }));
    setItems((current) => [...current, ...added]);
    queue.current.push(...added);
    pump();
  };

  const retry = (item: UploadItem) => {
    const again = { ...item, error: undefined, progress: 0 };
    patch(item.key, again);
    queue.current.push(again);
    pump();
  };

  return html`<div class=${`dropzone ${dragging ? "active" : ""}`} data-testid="uploader"
    onDragOver=${(event: DragEvent) => {
      event.preventDefault();
      setDragging(true);
    }}
    onDragLeave=${() => setDragging(false)}
    onDrop=${(event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      enqueue(event.dataTransfer?.files ?? null);
    }}>
    <p class="small">Drop ${multiple ? "photos" : "a photo"} here, or</p>
    <div class="button-row" style=${{ justifyContent: "center" }}>
      <button type="button" class="button" onClick=${() => fileInput.current?.click()} data-testid="upload-button"><${Icon} name="upload" />${label}</button>
      <button type="button" class="button" onClick=${() => cameraInput.current?.click()}><${Icon} name="camera" />Take a photo</button>
    </div>
    <input ref=${fileInput} type="file" accept="image/*" multiple=${multiple} hidden data-testid="upload-input" onChange=${(event: Event) => {
      const input = event.currentTarget as HTMLInputElement;
      enqueue(input.files);
      input.value = "";
    }} />
    <input ref=${cameraInput} type="file" accept="image/*" capture="environment" hidden onChange=${(event: Event) => {
      const input = event.currentTarget as HTMLInputElement;
      enqueue(input.files);
      input.value = "";
    }} />
    ${items.length
      ? html`<ul class="upload-list" aria-label="Uploads">
          ${items.map((item) => html`<li class="upload-item" key=${item.key}>
            <span class="chip-label">${item.file.name}</span>
            ${item.error
              ? html`<span class="button-row"><button type="button" class="link-button" onClick=${() => retry(item)}>Retry</button><button type="button" class="link-button" onClick=${() => remove(item.key)}>Dismiss</button></span>`
              : html`<button type="button" class="link-button" onClick=${() => item.handle?.abort() ?? remove(item.key)} aria-label=${`Cancel upload of ${item.file.name}`}>Cancel</button>`}
            <progress max="1" value=${item.progress} aria-label=${`Upload of ${item.file.name}`}></progress>
            ${item.error ? html`<span class="field-error" role="alert" style=${{ gridColumn: "1 / -1" }}>${item.file.name}: ${item.error}</span>` : null}
          </li>`)}
        </ul>`
      : null}
  </div>`;
}
