import { useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { FriendRequest, Friendship, User } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { ConfirmDialog } from "../components/dialog.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { UserChip } from "../components/user-chip.ts";
import { UserSearch } from "../components/user-search.ts";
import { useAction } from "../hooks/use-action.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";

interface FriendsData {
  requests: { received: FriendRequest[]; sent: FriendRequest[] };
  friends: Friendship[];
}

function RequestRow({ request, incoming, onDone }: { request: FriendRequest; incoming: boolean; onDone: () => void }) {
  const { api, unread } = useApp();
  const path = `/api/friend_requests/${encodeURIComponent(request.id)}`;
  const act = useAction(async (accept?: boolean) => {
    if (accept === undefined) await api.delete(path);
    else await api.patch(path, { accept });
    onDone();
    if (incoming) unread.refresh().catch(() => undefined);
  });
  return html`<li data-testid=${incoming ? "request-received" : "request-sent"}>
    <span class="grow"><${UserChip} user=${incoming ? request.sender : request.receiver} /></span>
    ${incoming
      ? html`<button type="button" class="button primary" disabled=${act.pending} onClick=${() => act.run(true)} data-testid="accept-request">Accept</button>
          <button type="button" class="button" disabled=${act.pending} onClick=${() => act.run(false)}>Decline</button>`
      : html`<span class="small muted">Waiting for an answer</span><button type="button" class="button" disabled=${act.pending} onClick=${() => act.run()} data-testid="cancel-request">Cancel request</button>`}
    ${act.error ? html`<p class="field-error" role="alert" style=${{ flexBasis: "100%" }}>${act.error}</p>` : null}
  </li>`;
}

export default function FriendsPage() {
  const { api } = useApp();
  useTitle("Friends");
  const data = useLoad(
    async (signal): Promise<FriendsData> => {
      const [requests, friends] = await Promise.all([
        api.get<FriendsData["requests"]>("/api/friend_requests", undefined, signal),
        api.get<{ friendShips: Friendship[] }>("/api/friends", undefined, signal),
      ]);
      return { requests, friends: friends.friendShips };
    },
    [],
  );
  const [requested, setRequested] = useState<Record<string, string>>({});
  const [unfriending, setUnfriending] = useState<User>();
  const unfriend = useAction(async (friend: User) => {
    await api.delete(`/api/friends/${encodeURIComponent(friend.id)}`);
    setUnfriending(undefined);
    data.reload();
  });
  const askUnfriend = (user: User) => {
    unfriend.reset();
    setUnfriending(user);
  };
  const sendRequest = async (user: User) => {
    setRequested((current) => ({ ...current, [user.id]: "sending" }));
    try {
      await api.post("/api/friend_requests", { receiverId: user.id });
      setRequested((current) => ({ ...current, [user.id]: "sent" }));
      data.reload();
    } catch (error) {
      setRequested((current) => ({ ...current, [user.id]: describeError(error) }));
    }
  };

  const received = data.data?.requests.received.filter((request) => request.state === "pending") ?? [];
  const sent = data.data?.requests.sent.filter((request) => request.state === "pending") ?? [];
  const friends = data.data?.friends ?? [];
  // People already known stay in the search results with their state, so a request just sent
  // does not make the person vanish from the list the user is looking at.
  const relation = new Map<string, string>([
    ...received.map((request): [string, string] => [request.sender.id, "Asked to be your friend"]),
    ...sent.map((request): [string, string] => [request.receiver.id, "Request sent"]),
    ...friends.map((entry): [string, string] => [entry.friend.id, "Your friend"]),
  ]);
  const forgetRequest = (userId: string) => {
    setRequested((current) => {
      const next = { ...current };
      delete next[userId];
      return next;
    });
    data.reload();
  };

  return html`<section class="page medium">
    <h1>Friends</h1>
    <${ErrorMessage} error=${data.error} retry=${data.reload} />
    ${data.loading && !data.data ? html`<${Loading} />` : null}
    ${received.length ? html`<h2>Requests for you</h2><ul class="rows">${received.map((request) => html`<${RequestRow} key=${request.id} request=${request} incoming onDone=${data.reload} />`)}</ul>` : null}
    <h2>Your friends</h2>
    ${friends.length
      ? html`<ul class="rows">${friends.map((entry) => html`<li key=${entry.friend.id}><span class="grow"><${UserChip} user=${entry.friend} /></span>
          <button type="button" class="button" onClick=${() => askUnfriend(entry.friend)} data-testid="unfriend">Unfriend</button></li>`)}</ul>`
      : data.data
        ? html`<${Empty}>No friends yet. Find people below and send them a request.<//>`
        : null}
    ${sent.length ? html`<h2>Requests you sent</h2><ul class="rows">${sent.map((request) => html`<${RequestRow} key=${request.id} request=${request} incoming=${false} onDone=${() => forgetRequest(request.receiver.id)} />`)}</ul>` : null}
    <h2>Find people</h2>
    <div class="panel">
      <${UserSearch} label="Name" renderAction=${(user: User) => {
        const state = requested[user.id];
        const known = relation.get(user.id) ?? (state === "sent" ? "Request sent" : undefined);
        if (known) return html`<span class="muted" data-testid="search-relation">${known}</span>`;
        return html`<span><button type="button" class="button" disabled=${state === "sending"} onClick=${() => sendRequest(user)} data-testid="send-request">Add friend</button>
          ${state && state !== "sending" ? html`<span class="field-error" role="alert">${state}</span>` : null}</span>`;
      }} />
    </div>
    <${ConfirmDialog} open=${unfriending !== undefined} title="Unfriend?" message=${`You and ${unfriending?.name ?? ""} will no longer see what you share with friends.`}
      confirmLabel="Unfriend" danger pending=${unfriend.pending} error=${unfriend.error} onConfirm=${() => unfriending && unfriend.run(unfriending)} onClose=${() => setUnfriending(undefined)} />
  </section>`;
}
