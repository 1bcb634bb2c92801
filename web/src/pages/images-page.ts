import { useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { GalleryImage, ImageRef, Paged } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { ConfirmDialog } from "../components/dialog.ts";
import { Icon } from "../components/icon.ts";
import { Pager, pageFromSearch, searchWithPage } from "../components/pager.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { ThumbImage } from "../components/thumb-image.ts";
import { Uploader } from "../components/uploader.ts";
import { useAction } from "../hooks/use-action.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

export const imagesPerPage = 18;

function Tile({ image, selected, onSelect, onChanged, onDelete }: { image: GalleryImage; selected: boolean; onSelect: () => void; onChanged: (image: GalleryImage) => void; onDelete: () => void }) {
  const { api } = useApp();
  const rotate = useAction(async (degrees: 90 | 270) => {
    const rotated = await api.patch<ImageRef>(`/api/images/${encodeURIComponent(image.id)}`, { rotation: degrees });
    onChanged({ ...image, ...rotated });
  });
  return html`<li class=${`card gallery-tile ${selected ? "selected" : ""}`} data-testid="gallery-tile">
    <${ThumbImage} image=${image} fit="contain" sizes="(min-width: 900px) 380px, (min-width: 600px) 50vw, 100vw" displayWidth=${400} alt=${image.name} />
    <div class="card-body">
      <label class="checkbox"><input type="checkbox" checked=${selected} onChange=${onSelect} /> <span class="chip-label">${image.name}</span></label>
      <p class="small muted" style=${{ margin: 0 }}>${image.things.length
        ? html`Used by ${image.things.map((thing, index) => html`${index ? ", " : ""}<a href=${`/things/${encodeURIComponent(thing.id)}`}>${thing.name}</a>`)}`
        : "Not used by any thing"}</p>
      <div class="button-row">
        <button type="button" class="icon-button" aria-label=${`Rotate ${image.name} left`} disabled=${rotate.pending} onClick=${() => rotate.run(90)}><${Icon} name="rotateLeft" /></button>
        <button type="button" class="icon-button" aria-label=${`Rotate ${image.name} right`} disabled=${rotate.pending} onClick=${() => rotate.run(270)}><${Icon} name="rotateRight" /></button>
        ${image.actions.canDelete ? html`<button type="button" class="icon-button" aria-label=${`Delete ${image.name}`} onClick=${onDelete} data-testid="delete-image"><${Icon} name="trash" /></button>` : null}
      </div>
      ${rotate.error ? html`<p class="field-error" role="alert">${rotate.error}</p>` : null}
    </div>
  </li>`;
}

export default function ImagesPage() {
  const { api, router, draftImages } = useApp();
  useTitle("Your photos");
  const search = useStore(router.store, (location) => location.search);
  const page = pageFromSearch(search);
  const onlyUnassigned = new URLSearchParams(search).get("all") === null;
  const images = useLoad((signal) => api.get<Paged<"images", GalleryImage>>("/api/images", { page, perPage: imagesPerPage, onlyUnassigned }, signal), [page, onlyUnassigned]);
  const [selected, setSelected] = useState<GalleryImage[]>([]);
  const [deleting, setDeleting] = useState<GalleryImage>();
  const [deleteError, setDeleteError] = useState<string>();
  const [deletePending, setDeletePending] = useState(false);
  const [showUploader, setShowUploader] = useState(false);

  const replace = (image: GalleryImage) => images.setData((data) => data && { ...data, images: data.images.map((entry) => (entry.id === image.id ? image : entry)) });
  const toggle = (image: GalleryImage) => setSelected((current) => (current.some((entry) => entry.id === image.id) ? current.filter((entry) => entry.id !== image.id) : [...current, image]));
  const confirmDelete = async () => {
    if (!deleting) return;
    setDeletePending(true);
    setDeleteError(undefined);
    try {
      await api.delete(`/api/images/${encodeURIComponent(deleting.id)}`);
      setSelected((current) => current.filter((entry) => entry.id !== deleting.id));
      setDeleting(undefined);
      images.reload();
    } catch (error) {
      setDeleteError(describeError(error));
    } finally {
      setDeletePending(false);
    }
  };

  return html`<section class="page">
    <div class="page-head">
      <h1>Your photos</h1>
      <div class="button-row">
        <button type="button" class="button" aria-expanded=${showUploader ? "true" : "false"} aria-controls="gallery-uploader" onClick=${() => setShowUploader(!showUploader)}><${Icon} name="upload" />Upload</button>
        <button type="button" class="button primary" disabled=${selected.length === 0} data-testid="create-from-photos" onClick=${() => {
          draftImages.set(selected);
          router.navigate("/things/create");
        }}><${Icon} name="plus" />${selected.length ? `Create a thing from ${selected.length} ${selected.length === 1 ? "photo" : "photos"}` : "Create a thing from photos"}</button>
      </div>
    </div>
    <div id="gallery-uploader" hidden=${!showUploader} style=${{ marginBottom: "16px" }}><${Uploader} onUploaded=${() => images.reload()} /></div>
    <label class="checkbox" style=${{ marginBottom: "16px" }}><input type="checkbox" checked=${onlyUnassigned} data-testid="only-unassigned" onChange=${() => router.navigate(onlyUnassigned ? "/images?all=1" : "/images")} /> Only photos not used by any thing</label>
    <${ErrorMessage} error=${images.error} retry=${images.reload} />
    ${images.loading && !images.data ? html`<${Loading} />` : null}
    ${images.data
      ? images.data.images.length
        ? html`<ul class="masonry">${images.data.images.map((image) => html`<${Tile} key=${image.id} image=${image} selected=${selected.some((entry) => entry.id === image.id)}
              onSelect=${() => toggle(image)} onChanged=${replace} onDelete=${() => setDeleting(image)} />`)}</ul>
            <${Pager} page=${page} totalPages=${images.data.totalPageCount} hrefFor=${(target: number) => `/images${searchWithPage(search, target)}`} label="Pages of photos" />`
        : html`<${Empty}>${onlyUnassigned ? "Every photo is in use. Upload new ones, or show all photos." : "No photos yet. Upload some to get started."}<//>`
      : null}
    <${ConfirmDialog} open=${deleting !== undefined} title="Delete this photo?" message=${`"${deleting?.name ?? ""}" will be deleted for good.`} confirmLabel="Delete" danger
      pending=${deletePending} error=${deleteError} onConfirm=${confirmDelete} onClose=${() => {
        setDeleting(undefined);
        setDeleteError(undefined);
      }} />
  </section>`;
}
