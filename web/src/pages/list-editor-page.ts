import { useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import type { ImageRef, List, Paged, ReducedList, Thing } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { Icon } from "../components/icon.ts";
import { ErrorMessage, Loading } from "../components/status.ts";
import { ThumbImage } from "../components/thumb-image.ts";
import { useAction } from "../hooks/use-action.ts";
import { useDebounced } from "../hooks/use-debounced.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";
import { useStore } from "../store/create-store.ts";

interface Picked {
  id: string;
  name: string;
  image: ImageRef | undefined;
}

const picked = (thing: Thing): Picked => ({ id: thing.id, name: thing.name, image: thing.images[0] });

function ThingRow({ thing, action, label, onClick }: { thing: Picked; action: "plus" | "minus"; label: string; onClick: () => void }) {
  return html`<li>
    <span class="cart-thumb"><${ThumbImage} image=${thing.image} sizes="64px" displayWidth=${64} alt="" /></span>
    <span class="grow">${thing.name}</span>
    <button type="button" class="icon-button" aria-label=${label} onClick=${onClick}><${Icon} name=${action} /></button>
  </li>`;
}

/** The owner's things, searchable by the start of their name, ten at a time. */
function ThingChooser({ chosen, onAdd }: { chosen: Picked[]; onAdd: (thing: Picked) => void }) {
  const { api, session } = useApp();
  const me = useStore(session.store, (state) => state.userId);
  const [term, setTerm] = useState("");
  const [page, setPage] = useState(0);
  const searchTerm = useDebounced(term.trim(), 250);
  const things = useLoad(
    (signal) => api.get<Paged<"things", Thing>>("/api/things", { filterOwnerId: me ?? undefined, perPage: 10, page, searchTerm }, signal),
    [me, page, searchTerm],
  );
  const available = (things.data?.things ?? []).filter((thing) => !chosen.some((entry) => entry.id === thing.id));
  return html`<div>
    <${InputField} label="Find your things" name="search" type="search" value=${term} onValue=${(value: string) => {
      setTerm(value);
      setPage(0);
    }} hint="Matches the start of the name." />
    <${ErrorMessage} error=${things.error} retry=${things.reload} />
    ${things.loading && !things.data ? html`<${Loading} />` : null}
    <ul class="rows" aria-label="Your things" aria-busy=${things.loading ? "true" : "false"}>
      ${available.map((thing) => html`<${ThingRow} key=${thing.id} thing=${picked(thing)} action="plus" label=${`Add ${thing.name}`} onClick=${() => onAdd(picked(thing))} />`)}
      ${things.data && available.length === 0 ? html`<li class="muted">No more things here.</li>` : null}
    </ul>
    ${things.data && things.data.totalPageCount > 1
      ? html`<div class="button-row" style=${{ marginTop: "8px" }}>
          <button type="button" class="button" disabled=${page === 0} onClick=${() => setPage(page - 1)}>Previous</button>
          <span class="small muted">Page ${page + 1} of ${things.data.totalPageCount}</span>
          <button type="button" class="button" disabled=${page >= things.data.totalPageCount - 1} onClick=${() => setPage(page + 1)}>Next</button>
        </div>`
      : null}
  </div>`;
}

function ListEditor({ list }: { list: List | undefined }) {
  const { api, router } = useApp();
  const [name, setName] = useState(list?.name ?? "");
  const [chosen, setChosen] = useState<Picked[]>(() => (list?.things ?? []).map(picked));
  const [saved, setSaved] = useState<{ id: string; name: string; thingIds: string[] } | undefined>(
    list ? { id: list.id, name: list.name, thingIds: list.things.map((thing) => thing.id) } : undefined,
  );
  const save = useAction(async () => {
    const thingIds = chosen.map((thing) => thing.id);
    if (!saved) {
      const created = await api.post<ReducedList>("/api/lists", { name: name.trim(), thingIds, sharingState: "private" });
      router.navigate(`/lists/${encodeURIComponent(created.id)}`);
      return;
    }
    const listPath = `/api/lists/${encodeURIComponent(saved.id)}`;
    if (name.trim() !== saved.name) {
      await api.patch(listPath, { name: name.trim() });
      setSaved((current) => current && { ...current, name: name.trim() });
    }
    let current = saved.thingIds;
    const changes = [...thingIds.filter((id) => !current.includes(id)).map((id) => ["add", id] as const), ...current.filter((id) => !thingIds.includes(id)).map((id) => ["remove", id] as const)];
    for (const [change, id] of changes) {
      const thingPath = `${listPath}/things/${encodeURIComponent(id)}`;
      try {
        if (change === "add") await api.post(thingPath);
        else await api.delete(thingPath);
      } catch (error) {
        const thingName = chosen.find((thing) => thing.id === id)?.name ?? list?.things.find((thing) => thing.id === id)?.name ?? "a thing";
        throw new ApiError(error instanceof ApiError ? error.status : 0, "list_membership", `${change === "add" ? "Adding" : "Removing"} "${thingName}" failed: ${error instanceof ApiError ? error.message : "the request failed"}`);
      }
      current = change === "add" ? [...current, id] : current.filter((entry) => entry !== id);
      setSaved((state) => state && { ...state, thingIds: current });
    }
    router.navigate(`/lists/${encodeURIComponent(saved.id)}`);
  });
  return html`<form noValidate onSubmit=${(event: Event) => {
    event.preventDefault();
    void save.run();
  }}>
    <div class="panel">
      <${InputField} label="Name" name="name" value=${name} onValue=${setName} required error=${save.fieldErrors.name} testid="list-name" autofocus=${!list} />
    </div>
    <div class="detail" style=${{ marginTop: "24px" }}>
      <section aria-labelledby="choose-heading"><h2 id="choose-heading">Add things</h2><${ThingChooser} chosen=${chosen} onAdd=${(thing: Picked) => setChosen((current) => [...current, thing])} /></section>
      <section aria-labelledby="chosen-heading">
        <h2 id="chosen-heading">In this list (${chosen.length})</h2>
        ${chosen.length
          ? html`<ul class="rows">${chosen.map((thing) => html`<${ThingRow} key=${thing.id} thing=${thing} action="minus" label=${`Remove ${thing.name}`} onClick=${() => setChosen((current) => current.filter((entry) => entry.id !== thing.id))} />`)}</ul>`
          : html`<p class="muted">Nothing chosen yet.</p>`}
        ${save.fieldErrors.thingIds ? html`<p class="field-error" role="alert">${save.fieldErrors.thingIds}</p>` : null}
      </section>
    </div>
    <${FormFooter} pending=${save.pending} label=${list ? "Save" : "Create list"} pendingLabel="Saving…" error=${save.error} testid="list-save">
      <a class="button" href=${list ? `/lists/${encodeURIComponent(list.id)}` : "/lists"}>Cancel</a>
    <//>
  </form>`;
}

/** `/lists/create` and `/lists/:id/edit`. */
export default function ListEditorPage({ params }: PageProps) {
  const { api } = useApp();
  const id = params.id;
  useTitle(id ? "Edit list" : "New list");
  const list = useLoad((signal) => (id ? api.get<List>(`/api/lists/${encodeURIComponent(id)}`, undefined, signal) : Promise.resolve(undefined)), [id]);
  return html`<section class="page">
    <h1>${id ? `Edit ${list.data?.name ?? "list"}` : "New list"}</h1>
    <${ErrorMessage} error=${list.error} retry=${list.reload} />
    ${list.loading ? html`<${Loading} />` : null}
    ${list.data && !list.data.actions.canEdit ? html`<p class="error-message" role="alert">Only the owner can edit this list.</p>` : null}
    ${!list.loading && !list.error && (!id || list.data?.actions.canEdit) ? html`<${ListEditor} key=${id ?? "new"} list=${list.data} />` : null}
  </section>`;
}
