import { expect } from "bun:test";
import { newId } from "../../db/ids.ts";
import { sql } from "../../db/sql.ts";
import {
  audienceOf,
  fresh,
  imageSubjects,
  randomPicture,
  type Audiences,
  listSubjects,
  thingSubjects,
  type ImageSubject,
  type ListSubject,
  type Role,
  type Subject,
  type ThingSubject,
  type Viewer,
  viewers,
  type World,
} from "./world.ts";

/**
 * The access matrix: one row per endpoint (and variant), the objects it is checked on, and
 * the rule that turns an object's audience into the expected response for each role. The rules
 * are the house access rule: a read of what the viewer may not see is a 404, never a 403;
 * a write by a non-owner of something they can see is a 403; anonymous is a 401.
 */

/** A status, or for list-like endpoints a 200 whose body includes the object or leaves it out. */
export type Outcome = number | "included" | "left out";
export type Rule = (audience: ReadonlySet<Viewer>, role: Role) => Outcome;

export interface RequestSpec {
  method: string;
  path: string;
  body?: unknown;
  /** Checks that need what the request set up, run after the response was checked. */
  verify?: () => Promise<void>;
}

export interface Case {
  /** The route as `createApp(...).routes` names it: method and path pattern. */
  route: string;
  /** What distinguishes rows of the same route, for the test name. */
  variant?: string;
  subjects: readonly Subject[];
  /**
   * `read`: changes nothing of the owner's (at most the viewer's own cart), so the row is run
   * again after every transition. `write`: run once, on the world as built.
   */
  kind: "read" | "write";
  expect: Rule;
  /**
   * The request is the same for every subject (a listing or a search), so one response per
   * role serves all of the row's cells until the world changes.
   */
  sharedRequest?: boolean;
  /** Roles checked; all when absent. */
  roles?: readonly Role[];
  request(world: World, subject: Subject, role: Role): RequestSpec | Promise<RequestSpec>;
  /** For the outcomes `included` and `left out`: whether the body contains the object. */
  includes?(body: any, world: World, subject: Subject): boolean;
  /** Further assertions on a successful body. */
  verifyBody?(body: any, world: World, role: Viewer, audiences: Audiences, subject: Subject): void;
}

// The rules.
const read: Rule = (audience, role) => (role === "anonymous" ? 401 : audience.has(role) ? 200 : 404);
const presence: Rule = (audience, role) => (role === "anonymous" ? 401 : audience.has(role) ? "included" : "left out");
/** A listing of `listingOwner`'s own objects: it contains the object for them alone, while it exists. */
const onlyFor = (listingOwner: Viewer): Rule => (audience, role) => {
  if (role === "anonymous") return 401;
  return role === listingOwner && audience.has(role) ? "included" : "left out";
};
const anyViewer = (status: number): Rule => (_audience, role) => (role === "anonymous" ? 401 : status);
/** `actor` succeeds with `status`; others who see the object get 403, the rest `hidden`. */
const writeBy = (actor: Viewer | null, status: number, hidden = 404): Rule => (audience, role) => {
  if (role === "anonymous") return 401;
  if (role === actor) return status;
  return audience.has(role) ? 403 : hidden;
};
const ownerWrite = (status: number, hidden = 404) => writeBy("owner", status, hidden);
/** Owner-only reads: like `ownerWrite(200)`, and 404 for everyone once the object is deleted. */
const ownerRead: Rule = (audience, role) => (role !== "anonymous" && !audience.has("owner") ? 404 : ownerWrite(200)(audience, role));

const allButOwner: readonly Role[] = ["friend", "friendOfFriend", "stranger", "shareTarget", "anonymous"];

/** The owner's audience page names exactly the roles that may see the object, apart from the owner. */
function expectAudienceListed(body: any, world: World, audience: Set<Viewer>): void {
  const listed = new Set(body.users.map((member: { user: { id: string } }) => member.user.id));
  for (const role of viewers.filter((viewer) => viewer !== "owner")) {
    expect({ role, listed: listed.has(world.users[role].id) }).toEqual({ role, listed: audience.has(role) });
  }
}

// Lookups from a subject to its ids.
const thing = (world: World, subject: Subject) => world.things[subject as ThingSubject];
const list = (world: World, subject: Subject) => world.lists[subject as ListSubject];
const image = (world: World, subject: Subject) => world.images[subject as ImageSubject];
const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
const get = (path: string): RequestSpec => ({ method: "GET", path });

/** Put the thing into the viewer's cart directly, so GET /api/cart has something to leave out. */
async function seedCartEntry(world: World, role: Role, thingId: string): Promise<void> {
  if (role === "anonymous") return;
  await world.t.db.query(sql`
    insert into cart_entries (user_id, thing_id) values (${world.users[role].id}, ${thingId}) on conflict do nothing`);
}

const thingRows: Case[] = [
  {
    route: "GET /api/things/:id",
    subjects: thingSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/api/things/${thing(w, s).id}`),
  },
  {
    route: "GET /api/things",
    subjects: thingSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: () => get("/api/things?perPage=200"),
    includes: (body, w, s) => ids(body.things).includes(thing(w, s).id),
  },
  {
    route: "GET /api/things/summary",
    subjects: ["ownerThings"],
    kind: "read",
    expect: presence,
    request: () => get("/api/things/summary"),
    includes: (body, w) => body.ownerIds.includes(w.users.owner.id),
    verifyBody(body, _world, role, audiences) {
      // The owner's count grows with the spare things that write cells create.
      if (role === "owner") return;
      const visible = thingSubjects.filter((subject) => audienceOf(audiences, subject).has(role));
      expect(body.totalCount).toBe(visible.length);
    },
  },
  {
    route: "PATCH /api/things/:id",
    subjects: thingSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: (w, s) => ({ method: "PATCH", path: `/api/things/${thing(w, s).id}`, body: { description: "changed" } }),
  },
  {
    route: "DELETE /api/things/:id",
    subjects: thingSubjects,
    kind: "write",
    expect: ownerWrite(204),
    request: async (w, s, role) => ({ method: "DELETE", path: `/api/things/${role === "owner" ? await fresh.thing(w) : thing(w, s).id}` }),
  },
  {
    route: "GET /api/things/:id/audience",
    subjects: thingSubjects,
    kind: "read",
    expect: ownerRead,
    request: (w, s) => get(`/api/things/${thing(w, s).id}/audience?perPage=200`),
    verifyBody: (body, w, _role, audiences, s) => expectAudienceListed(body, w, audienceOf(audiences, s)),
  },
  {
    route: "POST /api/things/:id/quantity",
    subjects: thingSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: (w, s) => ({ method: "POST", path: `/api/things/${thing(w, s).id}/quantity`, body: { delta: 1 } }),
  },
  {
    route: "GET /api/search",
    variant: "things",
    subjects: thingSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: (w) => get(`/api/search?query=${w.token}&perPage=200`),
    includes: (body, w, s) => ids(body.things).includes(thing(w, s).id),
  },
  {
    route: "GET /api/search/property_auto_complete",
    variant: "property names",
    subjects: thingSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: (w) => get(`/api/search/property_auto_complete?name=${w.token}`),
    includes: (body, w, s) => body.values.includes(thing(w, s).propertyName),
  },
  {
    route: "GET /api/search/property_auto_complete",
    variant: "property values",
    subjects: thingSubjects,
    kind: "read",
    expect: presence,
    request: (w, s) => get(`/api/search/property_auto_complete?name=${thing(w, s).propertyName}&value=${thing(w, s).propertyValue.slice(0, 4)}`),
    includes: (body, w, s) => body.values.includes(thing(w, s).propertyValue),
  },
  {
    route: "GET /api/cart",
    variant: "with an entry put in directly",
    subjects: thingSubjects,
    kind: "read",
    expect: presence,
    request: async (w, s, role) => {
      await seedCartEntry(w, role, thing(w, s).id);
      return get("/api/cart");
    },
    includes: (body, w, s) => body.entries.some((entry: { thingId: string }) => entry.thingId === thing(w, s).id),
  },
  {
    route: "POST /api/cart/items/:thingId",
    subjects: thingSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => ({ method: "POST", path: `/api/cart/items/${thing(w, s).id}` }),
  },
  {
    route: "PUT /api/cart",
    subjects: thingSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => ({ method: "PUT", path: "/api/cart", body: { thingIds: [thing(w, s).id] } }),
  },
  {
    route: "DELETE /api/cart/items/:thingId",
    subjects: thingSubjects,
    kind: "read",
    expect: anyViewer(200),
    request: (w, s) => ({ method: "DELETE", path: `/api/cart/items/${thing(w, s).id}` }),
  },
  {
    route: "POST /api/lists",
    variant: "holding the thing",
    subjects: thingSubjects,
    kind: "write",
    expect: ownerWrite(201),
    request: (w, s) => ({ method: "POST", path: "/api/lists", body: { name: "spare", thingIds: [thing(w, s).id] } }),
  },
  {
    route: "POST /api/lists/:listId/things/:thingId",
    variant: "into the viewer's own list",
    subjects: thingSubjects,
    kind: "write",
    expect: ownerWrite(204),
    request: async (w, s, role) => {
      const listId = role === "anonymous" ? newId() : await fresh.list(w, w.users[role]);
      return { method: "POST", path: `/api/lists/${listId}/things/${thing(w, s).id}` };
    },
  },
  {
    route: "POST /api/shares",
    subjects: [...thingSubjects, ...listSubjects],
    kind: "write",
    expect: ownerWrite(201),
    request: (w, s) => ({
      method: "POST",
      path: "/api/shares",
      body: { objectId: (s.endsWith("List") ? list(w, s) : thing(w, s)).id, targetUserId: w.users.bystander.id },
    }),
  },
];

const imageRows: Case[] = [
  {
    route: "GET /assets/:hash",
    variant: "original",
    subjects: imageSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/assets/${image(w, s).hash}`),
  },
  {
    route: "GET /assets/:hash",
    variant: "thumbnail",
    subjects: imageSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/assets/${image(w, s).hash}?width=16`),
  },
  {
    route: "GET /assets/:hash",
    variant: "HEAD",
    subjects: imageSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => ({ method: "HEAD", path: `/assets/${image(w, s).hash}` }),
  },
  {
    route: "GET /api/images",
    subjects: imageSubjects,
    kind: "read",
    // The gallery lists only the viewer's own pictures, even those that others may see.
    expect: onlyFor("owner"),
    sharedRequest: true,
    request: () => get("/api/images?perPage=200"),
    includes: (body, w, s) => ids(body.images).includes(image(w, s).id),
  },
  {
    route: "POST /api/images",
    subjects: ["nothing"],
    kind: "write",
    expect: anyViewer(201),
    request: () => {
      const form = new FormData();
      form.set("file", new File([randomPicture() as Uint8Array<ArrayBuffer>], "upload.png", { type: "image/png" }));
      return { method: "POST", path: "/api/images", body: form };
    },
  },
  {
    route: "PATCH /api/images/:id",
    subjects: imageSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: async (w, s, role) => ({
      method: "PATCH",
      path: `/api/images/${role === "owner" ? await fresh.image(w) : image(w, s).id}`,
      body: { rotation: 90 },
    }),
  },
  {
    route: "DELETE /api/images/:id",
    variant: "in use",
    subjects: imageSubjects.filter((subject) => subject !== "looseImage"),
    kind: "write",
    expect: ownerWrite(409),
    request: (w, s) => ({ method: "DELETE", path: `/api/images/${image(w, s).id}` }),
  },
  {
    route: "DELETE /api/images/:id",
    variant: "unused",
    subjects: ["looseImage"],
    kind: "write",
    expect: ownerWrite(200),
    request: async (w, s, role) => ({ method: "DELETE", path: `/api/images/${role === "owner" ? await fresh.image(w) : image(w, s).id}` }),
  },
  {
    route: "POST /api/things",
    variant: "with the picture",
    subjects: imageSubjects,
    kind: "write",
    // A picture of someone else that the viewer cannot see gets the same 400 as an unknown id.
    expect: ownerWrite(201, 400),
    request: (w, s) => ({ method: "POST", path: "/api/things", body: { name: "spare thing", imagesIds: [image(w, s).id] } }),
  },
  {
    route: "PATCH /api/user/profile",
    variant: "with the picture",
    subjects: imageSubjects,
    // The owner's own change would move their profile picture; the profile tests cover it.
    roles: allButOwner,
    kind: "write",
    expect: ownerWrite(200),
    request: (w, s) => ({ method: "PATCH", path: "/api/user/profile", body: { imageId: image(w, s).id } }),
  },
];

const listRows: Case[] = [
  {
    route: "GET /api/lists/:listId",
    subjects: listSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/api/lists/${list(w, s).id}`),
  },
  {
    route: "GET /api/lists/:listId/audience",
    subjects: listSubjects,
    kind: "read",
    expect: ownerRead,
    request: (w, s) => get(`/api/lists/${list(w, s).id}/audience?perPage=200`),
    verifyBody: (body, w, _role, audiences, s) => expectAudienceListed(body, w, audienceOf(audiences, s)),
  },
  {
    route: "GET /api/lists/:listId/things",
    subjects: listSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/api/lists/${list(w, s).id}/things`),
  },
  {
    route: "GET /api/lists",
    subjects: listSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: () => get("/api/lists?perPage=200"),
    includes: (body, w, s) => ids(body.lists).includes(list(w, s).id),
  },
  {
    route: "GET /api/search",
    variant: "lists",
    subjects: listSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: (w) => get(`/api/search?query=${w.token}&perPage=200`),
    includes: (body, w, s) => ids(body.lists).includes(list(w, s).id),
  },
  {
    route: "PATCH /api/lists/:listId",
    variant: "renaming",
    subjects: listSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: (w, s) => ({ method: "PATCH", path: `/api/lists/${list(w, s).id}`, body: { name: list(w, s).name } }),
  },
  {
    route: "PATCH /api/lists/:listId",
    variant: "setting its things",
    subjects: listSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: (w, s) => ({ method: "PATCH", path: `/api/lists/${list(w, s).id}`, body: { thingIds: list(w, s).thingIds } }),
  },
  {
    route: "DELETE /api/lists/:listId",
    subjects: listSubjects,
    kind: "write",
    expect: ownerWrite(204),
    request: async (w, s, role) => ({ method: "DELETE", path: `/api/lists/${role === "owner" ? await fresh.list(w) : list(w, s).id}` }),
  },
  {
    route: "POST /api/lists/:listId/things/:thingId",
    variant: "adding the owner's private thing",
    subjects: listSubjects,
    kind: "write",
    expect: ownerWrite(204),
    request: async (w, s, role) => {
      // The owner's own addition would publish the thing to the list's audience: spare ones.
      const [listId, thingId] = role === "owner" ? [await fresh.list(w), await fresh.thing(w)] : [list(w, s).id, w.things.privateThing.id];
      return { method: "POST", path: `/api/lists/${listId}/things/${thingId}` };
    },
  },
  {
    route: "DELETE /api/lists/:listId/things/:thingId",
    variant: "removing a thing that is not in it",
    subjects: listSubjects,
    kind: "write",
    expect: ownerWrite(204),
    request: (w, s) => ({ method: "DELETE", path: `/api/lists/${list(w, s).id}/things/${w.things.privateThing.id}` }),
  },
];

const shareSubjects = ["thingShare", "listShare"] as const;
const shareOf = (w: World, s: Subject) => w.shares[s as (typeof shareSubjects)[number]];

const shareRows: Case[] = [
  {
    route: "GET /api/shares/:shareId",
    subjects: shareSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => get(`/api/shares/${shareOf(w, s)}`),
  },
  {
    route: "PATCH /api/shares/:shareId",
    subjects: shareSubjects,
    kind: "write",
    // Hiding is the target's decision; `hidden: false` keeps the world as it is.
    expect: writeBy("shareTarget", 200),
    request: (w, s) => ({ method: "PATCH", path: `/api/shares/${shareOf(w, s)}`, body: { hidden: false } }),
  },
  {
    route: "DELETE /api/shares/:shareId",
    subjects: shareSubjects,
    kind: "write",
    expect: ownerWrite(200),
    request: async (w, s, role) => ({ method: "DELETE", path: `/api/shares/${role === "owner" ? await fresh.share(w) : shareOf(w, s)}` }),
  },
  {
    route: "GET /api/shares",
    variant: "sent",
    subjects: shareSubjects,
    kind: "read",
    expect: onlyFor("owner"),
    sharedRequest: true,
    request: () => get("/api/shares?direction=sent&perPage=200"),
    includes: (body, w, s) => ids(body.shares).includes(shareOf(w, s)),
  },
  {
    route: "GET /api/shares",
    variant: "received",
    subjects: shareSubjects,
    kind: "read",
    expect: onlyFor("shareTarget"),
    sharedRequest: true,
    request: () => get("/api/shares?direction=received&perPage=200"),
    includes: (body, w, s) => ids(body.shares).includes(shareOf(w, s)),
  },
];

const notificationSubjects = ["ownerNotification", "targetNotification"] as const;
const notificationOf = (w: World, s: Subject) => w.notifications[s as (typeof notificationSubjects)[number]];

const notificationRows: Case[] = [
  {
    route: "GET /api/notifications",
    subjects: notificationSubjects,
    kind: "read",
    expect: presence,
    sharedRequest: true,
    request: () => get("/api/notifications?perPage=200"),
    includes: (body, w, s) => ids(body.notifications).includes(notificationOf(w, s)),
  },
  {
    route: "PATCH /api/notifications/:id",
    subjects: notificationSubjects,
    kind: "read",
    expect: read,
    request: (w, s) => ({ method: "PATCH", path: `/api/notifications/${notificationOf(w, s)}` }),
  },
  {
    route: "GET /api/notifications/unread-count",
    subjects: ["nothing"],
    kind: "read",
    expect: anyViewer(200),
    request: () => get("/api/notifications/unread-count"),
  },
  {
    route: "POST /api/notifications/acknowledge-all",
    variant: "leaving the owner's notifications to the owner",
    subjects: ["nothing"],
    kind: "write",
    expect: anyViewer(200),
    request: async (w, _s, role) => {
      const id = await fresh.notification(w);
      return {
        method: "POST",
        path: "/api/notifications/acknowledge-all",
        async verify() {
          const [row] = await w.t.db.query<{ acknowledged: boolean }>(sql`
            select acknowledged_at is not null as acknowledged from notifications where id = ${id}`);
          expect(row?.acknowledged).toBe(role === "owner");
        },
      };
    },
  },
];

/** Whether the directory entry of the owner in `users` shows the full profile card. */
const showsOwnerCard = (users: { id: string; fullName: string | null }[], w: World) =>
  users.find((user) => user.id === w.users.owner.id)?.fullName === w.ownerFullName;

const userRows: Case[] = [
  {
    route: "GET /api/users/:id",
    subjects: ["ownerProfile"],
    kind: "read",
    expect: presence,
    request: (w) => get(`/api/users/${w.users.owner.id}`),
    includes: (body, w) => showsOwnerCard([body], w),
  },
  {
    route: "GET /api/users",
    variant: "by id",
    subjects: ["ownerProfile"],
    kind: "read",
    expect: presence,
    request: (w) => get(`/api/users?ids=${w.users.owner.id}`),
    includes: (body, w) => showsOwnerCard(body.users, w),
  },
  {
    route: "GET /api/users",
    variant: "by whole e-mail address",
    subjects: ["ownerProfile"],
    kind: "read",
    expect: presence,
    request: (w) => get(`/api/users?q=${encodeURIComponent(w.users.owner.email)}`),
    includes: (body, w) => showsOwnerCard(body.users, w),
    verifyBody: (body, w) => expect(ids(body.users)).toContain(w.users.owner.id),
  },
  {
    route: "GET /api/user/profile",
    subjects: ["nothing"],
    kind: "read",
    expect: anyViewer(200),
    request: () => get("/api/user/profile"),
    verifyBody: (body, w, role) => expect(body.id).toBe(w.users[role].id),
  },
  {
    route: "GET /api/friends",
    subjects: ["ownerFriendship"],
    kind: "read",
    expect: presence,
    request: () => get("/api/friends"),
    includes: (body, w) => body.friendShips.some((entry: { friend: { id: string } }) => entry.friend.id === w.users.owner.id),
  },
  {
    route: "DELETE /api/friends/:friendId",
    variant: "naming the owner",
    subjects: ["ownerFriendship"],
    // The friend's unfriending is the first transition, where its consequences are checked.
    roles: ["owner", "friendOfFriend", "stranger", "shareTarget", "anonymous"],
    kind: "write",
    expect: read,
    request: (w) => ({ method: "DELETE", path: `/api/friends/${w.users.owner.id}` }),
  },
  {
    route: "GET /api/friend_requests",
    subjects: ["pendingRequest"],
    kind: "read",
    expect: presence,
    request: () => get("/api/friend_requests"),
    includes: (body, w) => [...body.received, ...body.sent].some((request: { id: string }) => request.id === w.pendingRequestId),
  },
  {
    route: "PATCH /api/friend_requests/:id",
    subjects: ["pendingRequest"],
    kind: "write",
    expect: writeBy("owner", 200),
    request: (w) => ({ method: "PATCH", path: `/api/friend_requests/${w.pendingRequestId}`, body: { accept: false } }),
  },
  {
    route: "DELETE /api/friend_requests/:id",
    subjects: ["pendingRequest"],
    kind: "write",
    // Only the sender (a bystander here) may withdraw a request; the receiver gets a 403.
    expect: writeBy(null, 200),
    request: (w) => ({ method: "DELETE", path: `/api/friend_requests/${w.pendingRequestId}` }),
  },
];

export const accessCases: readonly Case[] = [...thingRows, ...imageRows, ...listRows, ...shareRows, ...notificationRows, ...userRows];

/**
 * Routes under /api and /assets that the matrix leaves out, each with the reason. A route
 * that is in neither this list nor the table fails the coverage test.
 */
export const routesOutsideTheMatrix: Record<string, string> = {
  "GET /api/info": "public facts about the instance, the same for everyone",
  "POST /api/user/login": "signs in; touches no one else's objects",
  "POST /api/user/refresh": "renews the caller's own session",
  "DELETE /api/user/logout": "ends the caller's own session",
  "POST /api/user/register": "creates an account",
  "PATCH /api/user/password": "the caller's own password",
  "POST /api/user/password-reset/request": "the caller's own account, by e-mail",
  "POST /api/user/password-reset/confirm": "the caller's own account, by token",
  "POST /api/user/email-verification/request": "the caller's own e-mail address",
  "POST /api/user/email-verification/verify": "the caller's own e-mail address",
  "POST /api/user/deletion": "the caller's own account",
  "DELETE /api/user/deletion": "the caller's own account",
  "GET /api/auth/oidc/:name/authorize": "sign-in through an identity provider",
  "GET /api/auth/oidc/:name/callback": "sign-in through an identity provider",
  "POST /api/auth/oidc/:name/link": "links the caller's own account",
  "GET /api/auth/oidc/:name/logout-url": "the caller's own session",
  // A pending request lets the two users see each other's profile card, so sending one would
  // change the world for the other cells. The friends tests cover its rules.
  "POST /api/friend_requests": "changes the world; covered by the friends tests",
};
