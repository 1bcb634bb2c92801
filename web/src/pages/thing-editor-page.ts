import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import type { ApiClient } from "../api/client.ts";
import type { ImageRef, List, Paged, Property, Thing } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { Icon } from "../components/icon.ts";
import { PhotoManager } from "../components/photo-manager.ts";
import { draftFromProperty, PropertyEditor, propertiesFromDrafts, type PropertyDraft } from "../components/property-editor.ts";
import { ErrorMessage, Loading } from "../components/status.ts";
import { useAction } from "../hooks/use-action.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";
import { useStore } from "../store/create-store.ts";

/** All lists the user owns, page by page (the server caps a page at 200). */
export async function loadOwnLists(api: ApiClient, ownerId: string, signal: AbortSignal): Promise<List[]> {
  const lists: List[] = [];
  for (let page = 0; ; page++) {
    const result = await api.get<Paged<"lists", List>>("/api/lists", { filterOwnerId: ownerId, perPage: 200, page }, signal);
    lists.push(...result.lists);
    if (page + 1 >= result.totalPageCount) return lists;
  }
}

interface Form {
  name: string;
  description: string;
  privateNote: string;
  quantity: string;
  quantityUnit: string;
  properties: PropertyDraft[];
  images: ImageRef[];
  listIds: string[];
}

const formFromThing = (thing: Thing | undefined, images: ImageRef[] = []): Form => ({
  name: thing?.name ?? "",
  description: thing?.description ?? "",
  privateNote: thing?.privateNote ?? "",
  quantity: String(thing?.quantity ?? 1),
  quantityUnit: thing?.quantityUnit ?? "pcs",
  properties: (thing?.properties ?? []).map(draftFromProperty),
  images: thing?.images ?? images,
  listIds: (thing?.lists ?? []).map((list) => list.id),
});

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ from the saved thing; PATCH on things changes only the fields it is sent. */
function changedFields(saved: Thing | undefined, body: Record<string, unknown>): Record<string, unknown> {
  if (!saved) return { ...body, sharingState: "private" };
  const before: Record<string, unknown> = {
    name: saved.name,
    description: saved.description,
    privateNote: saved.privateNote ?? "",
    quantity: saved.quantity,
    quantityUnit: saved.quantityUnit,
    properties: saved.properties as Property[],
    imagesIds: saved.images.map((image) => image.id),
  };
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => !sameJson(before[key], value)));
}

function Editor({ saved: initial, lists }: { saved: Thing | undefined; lists: List[] }) {
  const { api, router, draftImages } = useApp();
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState<Form>(() => formFromThing(initial, initial ? [] : draftImages.get()));
  const [membership, setMembership] = useState<string[]>(() => formFromThing(initial).listIds);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!initial) draftImages.set([]);
  }, []);
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));

  const save = useAction(async () => {
    const converted = propertiesFromDrafts(form.properties);
    const quantity = Number(form.quantity);
    const errors: Record<string, string> = "errors" in converted ? { ...converted.errors } : {};
    if (!Number.isInteger(quantity) || quantity < 0) errors.quantity = "Enter a whole number, 0 or more.";
    setLocalErrors(errors);
    if (Object.keys(errors).length || !("properties" in converted)) return;

    const body = changedFields(saved, {
      name: form.name.trim(),
      description: form.description,
      privateNote: form.privateNote,
      quantity,
      quantityUnit: form.quantityUnit.trim(),
      properties: converted.properties,
      imagesIds: form.images.map((image) => image.id),
    });
    // A failure after the thing exists must not create it twice, so the saved state moves on step by step.
    let thing = saved;
    if (!thing) thing = await api.post<Thing>("/api/things", body);
    else if (Object.keys(body).length) thing = await api.patch<Thing>(`/api/things/${encodeURIComponent(thing.id)}`, body);
    setSaved(thing);

    const thingPath = encodeURIComponent(thing!.id);
    let current = membership;
    for (const list of lists) {
      const wanted = form.listIds.includes(list.id);
      if (wanted === current.includes(list.id)) continue;
      try {
        if (wanted) await api.post(`/api/lists/${encodeURIComponent(list.id)}/things/${thingPath}`);
        else await api.delete(`/api/lists/${encodeURIComponent(list.id)}/things/${thingPath}`);
      } catch (error) {
        const reason = error instanceof ApiError ? error.message : "the request failed";
        throw new ApiError(error instanceof ApiError ? error.status : 0, "list_membership", `The thing was saved, but ${wanted ? "adding it to" : "removing it from"} the list "${list.name}" failed: ${reason}`);
      }
      current = wanted ? [...current, list.id] : current.filter((id) => id !== list.id);
      setMembership(current);
    }
    router.navigate(`/things/${thingPath}`);
  });

  const errors = { ...save.fieldErrors, ...localErrors };
  const quantity = Number(form.quantity) || 0;
  return html`<form class="editor" noValidate data-testid="thing-editor" onSubmit=${(event: Event) => {
    event.preventDefault();
    void save.run();
  }}>
    <section aria-labelledby="photos-heading">
      <h2 id="photos-heading" style=${{ marginTop: 0 }}>Photos</h2>
      <${PhotoManager} images=${form.images} onChange=${(update: (images: ImageRef[]) => ImageRef[]) => setForm((current) => ({ ...current, images: update(current.images) }))} />
      ${errors.imagesIds ? html`<p class="field-error" role="alert">${errors.imagesIds}</p>` : null}
    </section>
    <section aria-label="Details">
      <${InputField} label="Name" name="name" value=${form.name} onValue=${set("name")} required error=${errors.name} testid="thing-name" autofocus=${!saved} />
      <div class="row top">
        <div class="field" style=${{ flex: "0 0 auto" }}>
          <label for="quantity">Quantity</label>
          <div class="stepper">
            <button type="button" class="button" aria-label="One less" disabled=${quantity <= 0} onClick=${() => set("quantity")(String(Math.max(0, quantity - 1)))}><${Icon} name="minus" size=${18} /></button>
            <input id="quantity" inputmode="numeric" value=${form.quantity} onInput=${(event: Event) => set("quantity")((event.currentTarget as HTMLInputElement).value)}
              aria-invalid=${errors.quantity ? "true" : undefined} aria-describedby=${errors.quantity ? "quantity-error" : undefined} data-testid="thing-quantity" />
            <button type="button" class="button" aria-label="One more" onClick=${() => set("quantity")(String(quantity + 1))}><${Icon} name="plus" size=${18} /></button>
          </div>
          ${errors.quantity ? html`<p class="field-error" id="quantity-error">${errors.quantity}</p>` : null}
        </div>
        <${InputField} label="Unit" name="quantityUnit" value=${form.quantityUnit} onValue=${set("quantityUnit")} error=${errors.quantityUnit} hint="pcs, m, kg…" />
      </div>
      <${PropertyEditor} drafts=${form.properties} errors=${errors} onChange=${set("properties")} />
      <${InputField} label="Description" name="description" multiline value=${form.description} onValue=${set("description")} error=${errors.description} hint="Everyone who can see this thing reads it." />
      <${InputField} label="Private note" name="privateNote" multiline class="private-note" value=${form.privateNote} onValue=${set("privateNote")} error=${errors.privateNote} hint="Only you see this note." />
      <fieldset>
        <legend>Lists</legend>
        ${lists.length
          ? html`<ul class="toggle-list">${lists.map((list) => html`<li key=${list.id}><button type="button" class="filter-chip" aria-pressed=${form.listIds.includes(list.id) ? "true" : "false"}
              onClick=${() => set("listIds")(form.listIds.includes(list.id) ? form.listIds.filter((id) => id !== list.id) : [...form.listIds, list.id])}>${list.name}</button></li>`)}</ul>
              <p class="hint" style=${{ marginTop: "8px" }}>Everyone who can see a list can see the things in it, whatever their own sharing setting.</p>`
          : html`<p class="muted small">You have no lists yet. <a href="/lists/create">Create one</a>.</p>`}
      </fieldset>
      <${FormFooter} pending=${save.pending} label=${saved && initial ? "Save" : "Create"} pendingLabel="Saving…" error=${save.error} testid="thing-save">
        <a class="button" href=${initial ? `/things/${encodeURIComponent(initial.id)}` : "/things"}>Cancel</a>
      <//>
    </section>
  </form>`;
}

/** `/things/create` and `/things/:id/edit`. */
export default function ThingEditorPage({ params }: PageProps) {
  const { api, session } = useApp();
  const me = useStore(session.store, (state) => state.userId);
  const id = params.id;
  useTitle(id ? "Edit thing" : "Add a thing");
  const thing = useLoad((signal) => (id ? api.get<Thing>(`/api/things/${encodeURIComponent(id)}`, undefined, signal) : Promise.resolve(undefined)), [id]);
  const lists = useLoad((signal) => (me ? loadOwnLists(api, me, signal) : Promise.resolve([])), [me]);
  const error = thing.error ?? lists.error;
  return html`<section class="page">
    <h1>${id ? `Edit ${thing.data?.name ?? "thing"}` : "Add a thing"}</h1>
    ${error ? html`<${ErrorMessage} error=${error} retry=${() => (thing.reload(), lists.reload())} />` : null}
    ${thing.data && !thing.data.actions.canEdit ? html`<p class="error-message" role="alert">Only the owner can edit this thing.</p>` : null}
    ${!error && (thing.loading || lists.loading) ? html`<${Loading} />` : null}
    ${!error && !thing.loading && !lists.loading && (!id || thing.data?.actions.canEdit) ? html`<${Editor} key=${id ?? "new"} saved=${thing.data} lists=${lists.data ?? []} />` : null}
  </section>`;
}
