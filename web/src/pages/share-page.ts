import { useEffect, useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { Audience, List, Share, SharingState, Thing, User } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { ConfirmDialog } from "../components/dialog.ts";
import { Icon } from "../components/icon.ts";
import { ListCard } from "../components/list-card.ts";
import { sharingLabels } from "../components/sharing-badge.ts";
import { ErrorMessage, Loading } from "../components/status.ts";
import { ThingCard } from "../components/thing-card.ts";
import { UserChip } from "../components/user-chip.ts";
import { UserSearch } from "../components/user-search.ts";
import { useAction } from "../hooks/use-action.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import type { PageProps } from "../router/lazy-page.ts";
import { useStore } from "../store/create-store.ts";

type Target = { kind: "thing"; object: Thing } | { kind: "list"; object: List };

function SharingStateForm({ target, apiPath, onSaved }: { target: Target; apiPath: string; onSaved: () => void }) {
  const { api } = useApp();
  const current = target.object.sharingState ?? "private";
  const [choice, setChoice] = useState<SharingState>(current);
  const [saved, setSaved] = useState(false);
  // The form stays mounted across the reload after a save, so its status region keeps the
  // "Saved" it announced. The choice follows the stored state when that changes.
  useEffect(() => setChoice(current), [current]);
  const save = useAction(async () => {
    await api.patch(apiPath, { sharingState: choice });
    setSaved(true);
    onSaved();
  });
  const choose = (state: SharingState) => {
    setChoice(state);
    setSaved(false);
  };
  return html`<form class="panel" onSubmit=${(event: Event) => {
    event.preventDefault();
    void save.run();
  }}>
    <fieldset>
      <legend>Who can see this ${target.kind}</legend>
      ${(Object.keys(sharingLabels) as SharingState[]).map((state) => html`<label class="radio-option" key=${state}>
        <input type="radio" name="sharingState" value=${state} checked=${choice === state} onChange=${() => choose(state)} data-testid=${`sharing-${state}`} />
        <span><strong>${sharingLabels[state].label}</strong><br /><span class="small muted">${sharingLabels[state].description}</span></span>
      </label>`)}
    </fieldset>
    ${target.kind === "list" ? html`<p class="hint">Everyone who can see this list can also see every thing in it, even things you keep private.</p>` : null}
    ${save.error || save.fieldErrors.sharingState ? html`<p class="error-message" role="alert">${save.error ?? save.fieldErrors.sharingState}</p>` : null}
    <div class="button-row">
      <button type="submit" class="button primary" disabled=${choice === current || save.pending} data-testid="sharing-save">${save.pending ? "Saving…" : "Save"}</button>
      <span class="small muted" role="status" aria-live="polite" data-testid="sharing-status">${saved ? "Saved" : ""}</span>
    </div>
  </form>`;
}

function DirectShares({ target, onChanged }: { target: Target; onChanged: () => void }) {
  const { api } = useApp();
  const [removing, setRemoving] = useState<Share>();
  const [sharedWith, setSharedWith] = useState<string[]>([]);
  const [shareErrors, setShareErrors] = useState<Record<string, string>>({});
  const remove = useAction(async (share: Share) => {
    await api.delete(`/api/shares/${encodeURIComponent(share.id)}`);
    setRemoving(undefined);
    onChanged();
  });
  const shareWith = async (user: User) => {
    setShareErrors(({ [user.id]: _cleared, ...rest }) => rest);
    try {
      await api.post("/api/shares", { targetUserId: user.id, objectId: target.object.id });
      setSharedWith((current) => [...current, user.id]);
      onChanged();
    } catch (error) {
      setShareErrors((current) => ({ ...current, [user.id]: describeError(error) }));
    }
  };
  const shares = target.object.shares;
  return html`<section class="panel" aria-labelledby="direct-heading">
    <h2 id="direct-heading">Shared directly with</h2>
    ${shares.length
      ? html`<ul class="rows">${shares.map((share) => html`<li key=${share.id}><span class="grow"><${UserChip} user=${share.targetUser} /></span>
          <button type="button" class="button" onClick=${() => setRemoving(share)} data-testid="unshare"><${Icon} name="trash" />Stop sharing</button></li>`)}</ul>`
      : html`<p class="muted">Nobody yet.</p>`}
    <h3 style=${{ margin: "16px 0 8px" }}>Share with someone</h3>
    <${UserSearch} label="Find a person" renderAction=${(user: User) => html`<span>
      ${sharedWith.includes(user.id) || shares.some((share) => share.targetUser.id === user.id) ? html`<span class="muted">Shared</span>` : html`<button type="button" class="button" onClick=${() => shareWith(user)} data-testid="share-with">Share with ${user.name}</button>`}
      ${shareErrors[user.id] ? html`<span class="field-error" role="alert">${shareErrors[user.id]}</span>` : null}
    </span>`} />
    <${ConfirmDialog} open=${removing !== undefined} title="Stop sharing?" message=${`${removing?.targetUser.name ?? "This person"} will no longer see this ${target.kind} through the direct share.`}
      confirmLabel="Stop sharing" danger pending=${remove.pending} error=${remove.error} onConfirm=${() => removing && remove.run(removing)} onClose=${() => setRemoving(undefined)} />
  </section>`;
}

type AudienceMember = Audience["users"][number];

const reasonLabels: Record<AudienceMember["reasons"][number], string> = {
  friend: "your friend",
  "friend-of-friend": "a friend of a friend",
  "direct-share": "shared directly",
  list: "through a list",
};

function describeReasons(member: AudienceMember): string {
  return member.reasons
    .map((reason) => (reason === "list" && member.lists?.length ? `through ${member.lists.map((list) => `“${list.name}”`).join(", ")}` : reasonLabels[reason] ?? reason))
    .join(", ");
}

function WhoCanSee({ apiPath, version }: { apiPath: string; version: number }) {
  const { api } = useApp();
  const audience = useLoad((signal) => api.get<Audience>(`${apiPath}/audience`, { perPage: 50 }, signal), [apiPath, version]);
  return html`<section class="panel" aria-labelledby="audience-heading">
    <h2 id="audience-heading">Who can see it now</h2>
    <${ErrorMessage} error=${audience.error} retry=${audience.reload} />
    ${audience.loading ? html`<${Loading} />` : null}
    ${audience.data
      ? audience.data.users.length
        ? html`<ul class="rows">${audience.data.users.map((member) => html`<li key=${member.user.id}><span class="grow"><${UserChip} user=${member.user} /></span><span class="small muted" data-testid="audience-reason">${describeReasons(member)}</span></li>`)}</ul>
            ${audience.data.totalCount > audience.data.users.length ? html`<p class="small muted">and ${audience.data.totalCount - audience.data.users.length} more.</p>` : null}`
        : html`<p class="muted">Only you.</p>`
      : null}
  </section>`;
}

/** `/things/:id/share` and `/lists/:id/share`. */
export default function SharePage({ params }: PageProps) {
  const { api, router } = useApp();
  const kind = useStore(router.store, (location) => (location.pathname.startsWith("/lists/") ? "list" : "thing"));
  const apiPath = `/api/${kind === "list" ? "lists" : "things"}/${encodeURIComponent(params.id!)}`;
  const [version, setVersion] = useState(0);
  const target = useLoad(async (signal): Promise<Target> => (kind === "list" ? { kind, object: await api.get<List>(apiPath, undefined, signal) } : { kind, object: await api.get<Thing>(apiPath, undefined, signal) }), [apiPath, version]);
  useTitle(target.data ? `Share ${target.data.object.name}` : "Share");
  const changed = () => setVersion((n) => n + 1);
  if (target.error) return html`<section class="page"><h1>Share</h1><${ErrorMessage} error=${target.error} retry=${target.reload} /></section>`;
  if (!target.data) return html`<${Loading} />`;
  const data = target.data;
  if (!data.object.actions.canShare) return html`<section class="page"><h1>Share</h1><p class="error-message" role="alert">Only the owner can share this ${kind}.</p></section>`;
  return html`<section class="page">
    <div class="page-head"><h1>Share ${data.object.name}</h1><a class="button" href=${`/${kind}s/${encodeURIComponent(data.object.id)}`}>Done</a></div>
    <div class="detail">
      <div style=${{ maxWidth: "320px" }}>${data.kind === "thing" ? html`<${ThingCard} thing=${data.object} />` : html`<${ListCard} list=${data.object} />`}</div>
      <div>
        <${SharingStateForm} target=${data} apiPath=${apiPath} onSaved=${changed} />
        <${DirectShares} target=${data} onChanged=${changed} />
        <${WhoCanSee} apiPath=${apiPath} version=${version} />
      </div>
    </div>
  </section>`;
}
