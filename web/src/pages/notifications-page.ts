import { useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import type { Notification, Paged } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { Icon } from "../components/icon.ts";
import { Pager, pageFromSearch, searchWithPage } from "../components/pager.ts";
import { Empty, ErrorMessage, Loading } from "../components/status.ts";
import { useLoad } from "../hooks/use-load.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

const perPage = 30;

/** What a notification says and where it leads, from its kind and the names the server sends along. */
export function describeNotification(notification: Notification): { text: string; href?: string } {
  const content = notification.content;
  const who = notification.actor?.name ?? "Someone";
  const subject = notification.subject;
  const thingName = subject?.type === "thing" ? `"${subject.name}"` : "a thing";
  const listName = subject?.type === "list" ? `"${subject.name}"` : "a list";
  const thingId = typeof content.thingId === "string" ? content.thingId : undefined;
  const listId = typeof content.listId === "string" ? content.listId : undefined;
  switch (notification.contentType) {
    case "FRIEND_REQUEST":
      return { text: `${who} sent you a friend request.`, href: "/friends" };
    case "FRIEND_REQUEST_REACTION":
      return { text: content.accepted ? `${who} accepted your friend request.` : `${who} declined your friend request.`, href: "/friends" };
    case "THING_SHARED":
      return { text: `${who} shared ${thingName} with you.`, href: thingId && `/things/${encodeURIComponent(thingId)}` };
    case "LIST_SHARED":
      return { text: `${who} shared the list ${listName} with you.`, href: listId && `/lists/${encodeURIComponent(listId)}` };
    case "THINGS_ADDED_TO_LIST":
      return { text: `${who} added things to the list ${listName}.`, href: listId && `/lists/${encodeURIComponent(listId)}` };
    default:
      return { text: "Something happened that this version of the app cannot show." };
  }
}

export default function NotificationsPage() {
  const { api, router, unread } = useApp();
  useTitle("Notifications");
  const search = useStore(router.store, (location) => location.search);
  const page = pageFromSearch(search);
  const list = useLoad((signal) => api.get<Paged<"notifications", Notification>>("/api/notifications", { page, perPage }, signal), [page]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [allError, setAllError] = useState<string>();
  const setAcknowledged = (ids: string[] | "all", acknowledged: boolean) =>
    list.setData((data) => data && { ...data, notifications: data.notifications.map((entry) => (ids === "all" || ids.includes(entry.id) ? { ...entry, acknowledged } : entry)) });

  const markRead = async (notification: Notification) => {
    setAcknowledged([notification.id], true);
    try {
      await unread.markRead(notification.id);
    } catch (error) {
      setAcknowledged([notification.id], false);
      setErrors((current) => ({ ...current, [notification.id]: `Could not mark it read: ${describeError(error)}` }));
    }
  };
  const markAll = async () => {
    const before = list.data;
    setAllError(undefined);
    setAcknowledged("all", true);
    try {
      await unread.markAllRead();
    } catch (error) {
      if (before) list.setData(before);
      setAllError(`Could not mark everything read: ${describeError(error)}`);
    }
  };
  const hasUnread = list.data?.notifications.some((entry) => !entry.acknowledged);

  return html`<section class="page medium">
    <div class="page-head">
      <h1>Notifications</h1>
      <button type="button" class="button" disabled=${!hasUnread} onClick=${markAll} data-testid="mark-all-read"><${Icon} name="check" />Mark all read</button>
    </div>
    ${allError ? html`<p class="error-message" role="alert">${allError}</p>` : null}
    <${ErrorMessage} error=${list.error} retry=${list.reload} />
    ${list.loading && !list.data ? html`<${Loading} />` : null}
    ${list.data
      ? list.data.notifications.length
        ? html`<ul class="rows">${list.data.notifications.map((notification) => {
            const { text, href } = describeNotification(notification);
            return html`<li key=${notification.id} class=${notification.acknowledged ? "" : "unread"} data-testid="notification">
              <span class="grow">
                ${notification.acknowledged ? null : html`<span class="visually-hidden">Unread: </span>`}
                ${href ? html`<a href=${href} onClick=${() => !notification.acknowledged && markRead(notification)}>${text}</a>` : text}
                <br /><time class="small muted" datetime=${notification.createdAt}>${new Date(notification.createdAt).toLocaleString()}</time>
              </span>
              ${notification.acknowledged ? null : html`<button type="button" class="icon-button" aria-label="Mark read" onClick=${() => markRead(notification)} data-testid="mark-read"><${Icon} name="check" /></button>`}
              ${errors[notification.id] ? html`<p class="field-error" role="alert" style=${{ flexBasis: "100%" }}>${errors[notification.id]}</p>` : null}
            </li>`;
          })}</ul>
          <${Pager} page=${page} totalPages=${list.data.totalPageCount} hrefFor=${(target: number) => `/notifications${searchWithPage(search, target)}`} label="Pages of notifications" />`
        : html`<${Empty}>No notifications.<//>`
      : null}
  </section>`;
}
