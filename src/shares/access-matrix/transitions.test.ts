import { beforeAll, describe, test } from "bun:test";
import { expectStatus } from "../../things/thing-fixtures.ts";
import { accessCases } from "./cases.ts";
import { cellsOf, checkCell, type SharedAnswers } from "./cells.ts";
import {
  audienceOf,
  buildWorld,
  initialAudiences,
  thingSubjects,
  viewers,
  type Audiences,
  type Subject,
  type Viewer,
  type World,
} from "./world.ts";

// Each change of friendship, share, sharing state or list membership takes effect on the very
// next request. Every transition runs on a world of its own. After it, the read rows of the
// access matrix run again for the objects it affects, pictures and /assets included.

interface Transition {
  name: string;
  act(world: World): Promise<unknown>;
  /** The audiences after the transition, changed in place. */
  change(audiences: Audiences): void;
  affects: readonly Subject[];
}

function call(world: World, as: Viewer, method: string, path: string, body: unknown, status: number) {
  return world.t.request(method, path, { cookie: world.users[as].cookie, body }).then((response) => expectStatus(response, status));
}

const without = (audiences: Audiences, subjects: readonly (keyof Audiences)[], ...lost: Viewer[]) => {
  for (const subject of subjects) for (const viewer of lost) audiences[subject].delete(viewer);
};

/** The objects a transition changes, with their pictures, plus the listings that name them. */
const affected = (...subjects: Subject[]): Subject[] => [
  ...subjects,
  ...subjects.filter((subject) => (thingSubjects as readonly string[]).includes(subject)).map((thing) => `${thing}Image` as Subject),
  "ownerThings",
  "ownerNotification",
  "targetNotification",
];

const transitions: Transition[] = [
  {
    name: "after the owner unfriends the friend",
    act: (w) => call(w, "owner", "DELETE", `/api/friends/${w.users.friend.id}`, undefined, 200),
    change(audiences) {
      // The friend of a friend reached the owner only through the friend.
      const throughTheFriend = ["friendsThing", "fofThing", "listedThing", "friendsList", "fofList", "avatar", "ownerProfile"] as const;
      without(audiences, throughTheFriend, "friend", "friendOfFriend");
      without(audiences, ["ownerFriendship"], "friend");
    },
    affects: affected("friendsThing", "fofThing", "listedThing", "friendsList", "fofList", "avatar", "ownerProfile", "ownerFriendship"),
  },
  {
    name: "after the owner removes the direct shares",
    async act(w) {
      await call(w, "owner", "DELETE", `/api/shares/${w.shares.thingShare}`, undefined, 200);
      await call(w, "owner", "DELETE", `/api/shares/${w.shares.listShare}`, undefined, 200);
    },
    change(audiences) {
      without(audiences, ["sharedThing", "sharedList", "sharedListThing"], "shareTarget");
      without(audiences, ["thingShare", "listShare"], "owner", "shareTarget");
    },
    affects: affected("sharedThing", "sharedList", "sharedListThing", "thingShare", "listShare"),
  },
  {
    name: "after the owner lowers the sharing states",
    async act(w) {
      await call(w, "owner", "PATCH", `/api/things/${w.things.friendsThing.id}`, { sharingState: "private" }, 200);
      await call(w, "owner", "PATCH", `/api/things/${w.things.fofThing.id}`, { sharingState: "friends" }, 200);
    },
    change(audiences) {
      without(audiences, ["friendsThing"], "friend");
      without(audiences, ["fofThing"], "friendOfFriend");
    },
    affects: affected("friendsThing", "fofThing"),
  },
  {
    name: "after the owner deletes the list that showed a thing",
    act: (w) => call(w, "owner", "DELETE", `/api/lists/${w.lists.friendsList.id}`, undefined, 204),
    change(audiences) {
      without(audiences, ["listedThing"], "friend");
      without(audiences, ["friendsList"], "owner", "friend");
    },
    affects: affected("listedThing", "friendsList"),
  },
];

/** Fill every viewer's cart with what they may see, so the cart has entries to lose. */
async function fillCarts(world: World, audiences: Audiences): Promise<void> {
  for (const viewer of viewers) {
    const thingIds = thingSubjects.filter((subject) => audienceOf(audiences, subject).has(viewer)).map((subject) => world.things[subject].id);
    await call(world, viewer, "PUT", "/api/cart", { thingIds }, 200);
  }
}

const readRows = accessCases.filter((row) => row.kind === "read");

for (const transition of transitions) {
  describe(transition.name, () => {
    const audiences = initialAudiences();
    transition.change(audiences);
    const shared: SharedAnswers = new Map();
    let world: World;

    beforeAll(async () => {
      world = await buildWorld();
      await fillCarts(world, initialAudiences());
      await transition.act(world);
    }, 120_000);

    for (const cell of cellsOf(readRows, audiences, transition.affects)) {
      test(cell.name, () => checkCell(world, audiences, cell, shared));
    }
  });
}
