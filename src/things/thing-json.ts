/**
 * The JSON shapes of things as the API sends them, field for field the original's, with
 * these differences: image owners are filled in, a float property without a unit has
 * `unit: null` (the original sent the string "unknown"), and a ReducedThing carries its real
 * quantity (the original sent 0).
 */

export const sharingStates = ["private", "friends", "friends-of-friends"] as const;
export type SharingState = (typeof sharingStates)[number];

export interface UserJson {
  id: string;
  name: string;
}

/** What the viewer may do with an object; all three are true exactly for its owner. */
export interface Actions {
  canEdit: boolean;
  canDelete: boolean;
  canShare: boolean;
}

export interface ReducedImageJson {
  id: string;
  name: string;
  mime: string;
  createdAt: string;
  owner: UserJson;
  hash: string;
  thumbhash: string | null;
  width: number | null;
  height: number | null;
}

export interface ReducedListJson {
  id: string;
  name: string;
  createdAt: string;
  owner: UserJson;
  actions: Actions;
}

export interface ReducedShareJson {
  id: string;
  owner: UserJson;
  targetUser: UserJson;
}

export type PropertyJson =
  | { type: "string"; name: string; value: string }
  | { type: "float"; name: string; value: number; unit: string | null }
  | { type: "datetime"; name: string; value: string };

export interface ReducedThing {
  id: string;
  name: string;
  description: string;
  /** The owner's note; null for everyone else. */
  privateNote: string | null;
  createdAt: string;
  owner: UserJson;
  quantity: number;
}

export interface Thing extends ReducedThing {
  /** Every list holding the thing for its owner; for others only the lists they may see. */
  lists: ReducedListJson[];
  /** In the order the owner gave them. */
  images: ReducedImageJson[];
  /** In the order the owner gave them. */
  properties: PropertyJson[];
  /** The thing's direct shares; empty for everyone but the owner. */
  shares: ReducedShareJson[];
  /** Null for everyone but the owner. */
  sharingState: SharingState | null;
  actions: Actions;
  quantityUnit: string;
}

export function actionsFor(ownerId: string, viewerId: string): Actions {
  const isOwner = ownerId === viewerId;
  return { canEdit: isOwner, canDelete: isOwner, canShare: isOwner };
}

/** RFC 3339 in UTC with a `Z`, from a driver's Date or a timestamp text from `utcTimestampText`. */
export function timestampJson(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}
