import { newId } from "../../db/ids.ts";
import { sql } from "../../db/sql.ts";
import { uploadImage } from "../../images/testing/image-fixtures.ts";
import { encodeRgbaPng } from "../../images/testing/unique-photo.ts";
import { insertShare, insertThing } from "../../lists/list-test-factories.ts";
import { createTestApp, type TestApp } from "../../testing/app.ts";
import { createTestUser, type TestUser } from "../../testing/users.ts";
import { expectStatus } from "../../things/thing-fixtures.ts";

/**
 * The world of the access matrix: an owner, the people around them, and one object of the
 * owner per sharing situation. Everything the owner makes goes through the API, so the world
 * also contains the notifications those actions send.
 */

export const viewers = ["owner", "friend", "friendOfFriend", "stranger", "shareTarget"] as const;
export type Viewer = (typeof viewers)[number];
export const roles = [...viewers, "anonymous"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  owner: "owner",
  friend: "friend",
  friendOfFriend: "friend of a friend",
  stranger: "stranger",
  shareTarget: "share target",
  anonymous: "anonymous",
};

export const thingSubjects = ["privateThing", "friendsThing", "fofThing", "sharedThing", "listedThing", "sharedListThing"] as const;
export type ThingSubject = (typeof thingSubjects)[number];
export const listSubjects = ["privateList", "friendsList", "fofList", "sharedList"] as const;
export type ListSubject = (typeof listSubjects)[number];
/** A thing's picture is named after the thing: `privateThingImage` illustrates `privateThing`. */
export type ThingImageSubject = `${ThingSubject}Image`;
export const imageSubjects = [...thingSubjects.map((thing) => `${thing}Image` as ThingImageSubject), "looseImage", "avatar"] as const;
export type ImageSubject = ThingImageSubject | "looseImage" | "avatar";

/** The objects whose audience the matrix states; `nothing` is for rows about the viewer alone. */
export type Subject =
  | ThingSubject
  | ListSubject
  | ImageSubject
  | "thingShare"
  | "listShare"
  | "ownerNotification"
  | "targetNotification"
  | "ownerProfile"
  | "ownerFriendship"
  | "pendingRequest"
  | "ownerThings"
  | "nothing";

export const subjectLabels: Record<Subject, string> = {
  privateThing: "the private thing",
  friendsThing: "the friends-only thing",
  fofThing: "the friends-of-friends thing",
  sharedThing: "the private thing shared with the share target",
  listedThing: "the private thing in the friends list",
  sharedListThing: "the private thing in the list shared with the share target",
  privateThingImage: "the picture of the private thing",
  friendsThingImage: "the picture of the friends-only thing",
  fofThingImage: "the picture of the friends-of-friends thing",
  sharedThingImage: "the picture of the thing shared with the share target",
  listedThingImage: "the picture of the private thing in the friends list",
  sharedListThingImage: "the picture of the thing in the list shared with the share target",
  looseImage: "the picture on no thing",
  avatar: "the owner's profile picture",
  privateList: "the private list",
  friendsList: "the friends list",
  fofList: "the friends-of-friends list",
  sharedList: "the private list shared with the share target",
  thingShare: "the share of a thing",
  listShare: "the share of a list",
  ownerNotification: "the owner's notification",
  targetNotification: "the share target's notification",
  ownerProfile: "the owner's full profile card",
  ownerFriendship: "the friendship with the owner",
  pendingRequest: "the friend request the owner received",
  ownerThings: "the owner's things",
  nothing: "",
};

/**
 * Who may see each object: the matrix itself. Every expected status follows from these rows
 * and the access rule of the endpoint (see `cases.ts`). A thing's picture has the audience of
 * its thing, and the audience of `ownerThings` is everyone who may see at least one of them.
 */
export type Audiences = Record<Exclude<Subject, ThingImageSubject | "ownerThings">, Set<Viewer>>;

export function initialAudiences(): Audiences {
  const see = (...who: Viewer[]) => new Set<Viewer>(who);
  return {
    privateThing: see("owner"),
    friendsThing: see("owner", "friend"),
    fofThing: see("owner", "friend", "friendOfFriend"),
    sharedThing: see("owner", "shareTarget"),
    listedThing: see("owner", "friend"),
    sharedListThing: see("owner", "shareTarget"),
    looseImage: see("owner"),
    avatar: see("owner", "friend", "friendOfFriend"),
    privateList: see("owner"),
    friendsList: see("owner", "friend"),
    fofList: see("owner", "friend", "friendOfFriend"),
    sharedList: see("owner", "shareTarget"),
    thingShare: see("owner", "shareTarget"),
    listShare: see("owner", "shareTarget"),
    ownerNotification: see("owner"),
    targetNotification: see("shareTarget"),
    ownerProfile: see("owner", "friend", "friendOfFriend"),
    ownerFriendship: see("friend"),
    pendingRequest: see("owner"),
    nothing: see(...viewers),
  };
}

export interface WorldThing {
  id: string;
  name: string;
  privateNote: string;
  propertyName: string;
  propertyValue: string;
}

export interface WorldImage {
  id: string;
  hash: string;
  name: string;
}

const thingWords: Record<ThingSubject, string> = {
  privateThing: "anvil",
  friendsThing: "bucket",
  fofThing: "chisel",
  sharedThing: "drill",
  listedThing: "easel",
  sharedListThing: "funnel",
};
const thingStates: Record<ThingSubject, string> = {
  privateThing: "private",
  friendsThing: "friends",
  fofThing: "friends-of-friends",
  sharedThing: "private",
  listedThing: "private",
  sharedListThing: "private",
};
const listWords: Record<ListSubject, string> = { privateList: "garage", friendsList: "hangar", fofList: "igloo", sharedList: "jetty" };
const listStates: Record<ListSubject, string> = { privateList: "private", friendsList: "friends", fofList: "friends-of-friends", sharedList: "private" };

export interface World {
  t: TestApp;
  /** A word in every name of the world, unique to it, for searching it. */
  token: string;
  users: Record<Viewer | "bystander", TestUser>;
  things: Record<ThingSubject, WorldThing>;
  images: Record<ImageSubject, WorldImage>;
  lists: Record<ListSubject, { id: string; name: string; thingIds: string[] }>;
  shares: { thingShare: string; listShare: string };
  notifications: { ownerNotification: string; targetNotification: string };
  pendingRequestId: string;
  ownerFullName: string;
}

/** Return who may see `subject` according to `audiences`, pictures of things and `ownerThings` included. */
export function audienceOf(audiences: Audiences, subject: Subject): Set<Viewer> {
  if (subject === "ownerThings") {
    return new Set(thingSubjects.flatMap((thing) => [...audienceOf(audiences, thing)]));
  }
  if (subject.endsWith("ThingImage")) return audienceOf(audiences, subject.slice(0, -"Image".length) as ThingSubject);
  return audiences[subject as keyof Audiences];
}

/** Encode a PNG of random pixels. Access is decided per content hash, so every picture needs its own bytes. */
export function randomPicture(): Uint8Array {
  const width = 32;
  const height = 24;
  const rgba = crypto.getRandomValues(new Uint8Array(width * height * 4));
  for (let alpha = 3; alpha < rgba.length; alpha += 4) rgba[alpha] = 255;
  return encodeRgbaPng(width, height, rgba);
}

async function call(t: TestApp, user: TestUser, method: string, path: string, body: unknown, status: number): Promise<any> {
  return expectStatus(await t.request(method, path, { cookie: user.cookie, body }), status);
}

async function befriend(t: TestApp, sender: TestUser, receiver: TestUser): Promise<void> {
  const request = await call(t, sender, "POST", "/api/friend_requests", { receiverId: receiver.id }, 201);
  await call(t, receiver, "PATCH", `/api/friend_requests/${request.id}`, { accept: true }, 200);
}

/** Build a new world on the shared test database: about 60 requests. */
export async function buildWorld(t?: TestApp): Promise<World> {
  const app = t ?? (await createTestApp());
  const token = `mx${newId().replace(/[^a-zA-Z]/g, "").slice(0, 10).toLowerCase()}`;
  const user = (role: string) => createTestUser(app, { name: `${role} ${token}` });
  const users = {
    owner: await user("Owner"),
    friend: await user("Friend"),
    friendOfFriend: await user("Friend of a friend"),
    stranger: await user("Stranger"),
    shareTarget: await user("Share target"),
    bystander: await user("Bystander"),
  };
  const owner = users.owner;

  await befriend(app, owner, users.friend);
  await befriend(app, users.friend, users.friendOfFriend);
  const pending = await call(app, users.bystander, "POST", "/api/friend_requests", { receiverId: owner.id }, 201);

  const images = {} as Record<ImageSubject, WorldImage>;
  for (const subject of imageSubjects) {
    const name = `${subject.toLowerCase()}${token}.png`;
    const uploaded = await uploadImage(app, owner, randomPicture(), name);
    images[subject] = { id: uploaded.id, hash: uploaded.hash, name };
  }
  const ownerFullName = `Fullname${token}`;
  await call(app, owner, "PATCH", "/api/user/profile", { fullName: ownerFullName, imageId: images.avatar.id }, 200);

  const things = {} as Record<ThingSubject, WorldThing>;
  for (const subject of thingSubjects) {
    const word = thingWords[subject];
    const thing: WorldThing = {
      id: "",
      name: `${word} ${token}`,
      privateNote: `${word}note${token}`,
      propertyName: `${token}${word}prop`,
      propertyValue: `${word}value${token}`,
    };
    const created = await call(app, owner, "POST", "/api/things", {
      name: thing.name,
      privateNote: thing.privateNote,
      sharingState: thingStates[subject],
      imagesIds: [images[`${subject}Image`].id],
      properties: [{ type: "string", name: thing.propertyName, value: thing.propertyValue }],
    }, 201);
    things[subject] = { ...thing, id: created.id };
  }

  const lists = {} as World["lists"];
  for (const subject of listSubjects) {
    const name = `${listWords[subject]} ${token}`;
    const created = await call(app, owner, "POST", "/api/lists", { name, sharingState: listStates[subject] }, 201);
    lists[subject] = { id: created.id, name, thingIds: [] };
  }
  // Added after creation, so the friend gets a THINGS_ADDED_TO_LIST notification.
  await call(app, owner, "POST", `/api/lists/${lists.friendsList.id}/things/${things.listedThing.id}`, undefined, 204);
  await call(app, owner, "POST", `/api/lists/${lists.sharedList.id}/things/${things.sharedListThing.id}`, undefined, 204);
  lists.friendsList.thingIds = [things.listedThing.id];
  lists.sharedList.thingIds = [things.sharedListThing.id];

  const share = (objectId: string) => call(app, owner, "POST", "/api/shares", { objectId, targetUserId: users.shareTarget.id }, 201);
  const shares = { thingShare: (await share(things.sharedThing.id)).id, listShare: (await share(lists.sharedList.id)).id };

  const notificationOf = async (recipient: TestUser, contentType: string) => {
    const [row] = await app.db.query<{ id: string }>(sql`
      select id from notifications where recipient_id = ${recipient.id} and content_type = ${contentType} order by created_at limit 1`);
    if (!row) throw new Error(`no ${contentType} notification for ${recipient.name}`);
    return row.id;
  };
  const notifications = {
    ownerNotification: await notificationOf(owner, "FRIEND_REQUEST_REACTION"),
    targetNotification: await notificationOf(users.shareTarget, "THING_SHARED"),
  };

  return { t: app, token, users, things, images, lists, shares, notifications, pendingRequestId: pending.id, ownerFullName };
}

/**
 * New objects of the owner for the cells in which the owner's write succeeds and would change
 * the world (deleting, rotating, adding to a list): each such cell works on its own copy.
 * All are private, so no other role's view changes.
 */
export const fresh = {
  thing: (world: World) => insertThing(world.t, world.users.owner, { name: `spare ${newId()}` }),
  async list(world: World, owner: TestUser = world.users.owner): Promise<string> {
    const id = newId();
    await world.t.db.query(sql`insert into lists (id, name, owner_id) values (${id}, ${`spare ${id}`}, ${owner.id})`);
    return id;
  },
  async image(world: World): Promise<string> {
    return (await uploadImage(world.t, world.users.owner, randomPicture(), "spare.png")).id;
  },
  async share(world: World): Promise<string> {
    const thingId = await fresh.thing(world);
    await insertShare(world.t, world.users.owner, world.users.bystander, { thingId });
    const [row] = await world.t.db.query<{ id: string }>(sql`select id from shares where thing_id = ${thingId}`);
    return row!.id;
  },
  async notification(world: World): Promise<string> {
    const id = newId();
    await world.t.db.query(sql`
      insert into notifications (id, recipient_id, content_type, content)
      values (${id}, ${world.users.owner.id}, 'FRIEND_REQUEST', ${JSON.stringify({ requestId: world.pendingRequestId, senderId: world.users.bystander.id })}::text::jsonb)`);
    return id;
  },
};
