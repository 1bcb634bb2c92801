/** Shapes of the StashSphere REST API as this app reads them. */

export type SharingState = "private" | "friends" | "friends-of-friends";

export interface User {
  id: string;
  name: string;
}

export interface Actions {
  canEdit: boolean;
  canDelete: boolean;
  canShare: boolean;
}

export interface ImageRef {
  id: string;
  name: string;
  mime: string;
  createdAt: string;
  hash: string;
  /** Base64 ThumbHash of the picture, shown blurred until the real image loads. */
  thumbhash?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface ReducedThing {
  id: string;
  name: string;
  description: string;
  privateNote: string | null;
  createdAt: string;
  owner: User;
  quantity: number;
}

export interface GalleryImage extends ImageRef {
  owner: User;
  actions: { canDelete: boolean };
  things: ReducedThing[];
}

export interface ReducedList {
  id: string;
  name: string;
  createdAt: string;
  owner: User;
  actions: Actions;
}

export interface Share {
  id: string;
  owner: User;
  targetUser: User;
}

export type Property =
  | { type: "string"; name: string; value: string }
  | { type: "float"; name: string; value: number; unit?: string | null }
  | { type: "datetime"; name: string; value: string };

export interface Thing {
  id: string;
  name: string;
  description: string;
  privateNote: string | null;
  createdAt: string;
  owner: User;
  lists: ReducedList[];
  images: ImageRef[];
  properties: Property[];
  shares: Share[];
  sharingState: SharingState | null;
  actions: Actions;
  quantity: number;
  quantityUnit: string;
}

export interface List {
  id: string;
  name: string;
  createdAt: string;
  owner: User;
  things: Thing[];
  actions: Actions;
  shares: Share[];
  sharingState: SharingState | null;
  /** Number of things in the list, when the server sends it apart from `things`. */
  thingCount?: number;
}

export interface PageOf {
  perPage: number;
  page: number;
  totalPageCount: number;
  totalCount: number;
}

export type Paged<Key extends string, Item> = PageOf & Record<Key, Item[]>;

export interface Profile {
  id: string;
  name: string;
  email: string;
  fullName: string | null;
  information: string | null;
  image: ImageRef | null;
  purgeAt: string | null;
  emailVerified?: boolean;
  /** False for accounts that only sign in through OpenID Connect. */
  hasPassword?: boolean;
}

export interface UserProfile {
  id: string;
  name: string;
  fullName?: string | null;
  information?: string | null;
  image?: ImageRef | null;
}

export type FriendRequestState = "pending" | "accepted" | "rejected";

export interface FriendRequest {
  id: string;
  sender: User;
  receiver: User;
  createdAt: string;
  state: FriendRequestState;
}

export interface Friendship {
  friend: User;
  request: FriendRequest;
}

export interface Notification {
  id: string;
  createdAt: string;
  acknowledged: boolean;
  contentType: string;
  content: Record<string, unknown>;
  /** The user whose action caused the notification; null when that account is gone. */
  actor?: User | null;
  /** What it is about, named only while the viewer may still see it. */
  subject?: { type: "thing" | "list" | "friendRequest"; id: string; name: string } | null;
}

export interface CartEntry {
  createdAt: string;
  thingId: string;
  ownerId: string;
  /** The thing itself, so the cart page needs no request per row. */
  thing?: { id: string; name: string; owner: User; quantity: number; quantityUnit: string; image: ImageRef | null };
}

export interface Cart {
  entries: CartEntry[];
}

export interface InstanceInfo {
  inviteRequired: boolean;
  oidcProviders: { name: string; displayName: string }[];
  minPasswordLength?: number;
  version?: string;
}

export interface SearchResult {
  things: Thing[];
  lists: List[];
  totalCount: number;
}

export interface AudienceMember {
  user: User;
  /** Why this user can see the object. */
  reasons: ("friend" | "friend-of-friend" | "direct-share" | "list")[];
  /** The owner's lists that give a `list` reason. */
  lists?: { id: string; name: string }[];
}

export interface Audience {
  users: AudienceMember[];
  totalCount: number;
}

export interface ThingsSummary {
  ownerIds: string[];
  totalCount: number;
  owners?: User[];
}
