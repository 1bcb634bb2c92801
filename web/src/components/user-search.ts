import { useState } from "preact/hooks";
import type { User } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { useDebounced } from "../hooks/use-debounced.ts";
import { useLoad } from "../hooks/use-load.ts";
import { html, type VNode } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import { InputField } from "./field.ts";
import { ErrorMessage, Loading } from "./status.ts";
import { UserChip } from "./user-chip.ts";

/** Find people by name through `GET /api/users?q=`; each result gets the action `renderAction` draws. */
export function UserSearch({ label, renderAction, exclude = [] }: { label: string; renderAction: (user: User) => VNode | null; exclude?: string[] }) {
  const { api, session } = useApp();
  const me = useStore(session.store, (state) => state.userId);
  const [term, setTerm] = useState("");
  const query = useDebounced(term.trim(), 250);
  const users = useLoad(
    (signal) => (query.length >= 2 ? api.get<{ users: User[] }>("/api/users", { q: query, perPage: 20 }, signal) : Promise.resolve({ users: [] })),
    [query],
  );
  const results = (users.data?.users ?? []).filter((user) => user.id !== me && !exclude.includes(user.id));
  return html`<div>
    <${InputField} label=${label} name="q" type="search" value=${term} onValue=${setTerm} hint="Type at least two letters of a name." autocomplete="off" testid="user-search" />
    <${ErrorMessage} error=${users.error} retry=${users.reload} />
    ${users.loading && query.length >= 2 ? html`<${Loading} label="Searching…" />` : null}
    ${query.length >= 2 && !users.loading && results.length === 0 && !users.error ? html`<p class="muted">Nobody found for "${query}".</p>` : null}
    ${results.length ? html`<ul class="rows" aria-label="People found">${results.map((user) => html`<li key=${user.id}><span class="grow"><${UserChip} user=${user} /></span>${renderAction(user)}</li>`)}</ul>` : null}
  </div>`;
}
