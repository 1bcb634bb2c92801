import type { ApiFeature } from "../http/openapi/operation.ts";
import { objectSchema, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { reactionBody, sendBody } from "./friend-request-routes.ts";

const friendRequest = schemaRef("FriendRequest");

/** `/api/friend_requests`. */
export const friendRequestsApi: ApiFeature = {
  tag: "Friend Requests",
  description: "Friend requests: send, cancel, accept or reject.",
  operations: [
    {
      id: "listFriendRequests",
      method: "get",
      path: "/api/friend_requests",
      summary: "List the caller's sent and received friend requests",
      responses: {
        200: {
          description: "Requests of every state by direction, newest first, at most 200 of each.",
          json: objectSchema({ received: { type: "array", items: friendRequest }, sent: { type: "array", items: friendRequest } }),
        },
      },
    },
    {
      id: "sendFriendRequest",
      method: "post",
      path: "/api/friend_requests",
      summary: "Send a friend request",
      description: "When the receiver has already sent the caller a pending request, that one is accepted instead (200).",
      body: sendBody,
      responses: { 201: { description: "The new request.", json: friendRequest }, 200: { description: "The receiver's request, now accepted.", json: friendRequest } },
      errors: ["not_found", "conflict"],
    },
    {
      id: "cancelFriendRequest",
      method: "delete",
      path: "/api/friend_requests/:id",
      summary: "Cancel a pending request the caller sent",
      responses: { 200: "Cancelled." },
      errors: ["forbidden", "not_found", "conflict"],
    },
    {
      id: "reactToFriendRequest",
      method: "patch",
      path: "/api/friend_requests/:id",
      summary: "Accept or reject a request the caller received",
      body: reactionBody,
      responses: { 200: { description: "The request in its new state.", json: friendRequest } },
      errors: ["forbidden", "not_found", "conflict"],
    },
  ],
  schemas: {
    FriendRequest: objectSchema({
      id: { type: "string" },
      sender: schemaRef("UserRef"),
      receiver: schemaRef("UserRef"),
      createdAt: timestampSchema,
      state: { type: "string", enum: ["pending", "accepted", "rejected"] },
    }),
  },
};

/** `/api/friends`. */
export const friendsApi: ApiFeature = {
  tag: "Friends",
  description: "The caller's friends.",
  operations: [
    {
      id: "listFriends",
      method: "get",
      path: "/api/friends",
      summary: "List the caller's friends",
      responses: {
        200: {
          description: "Each friend with the request that made the two friends.",
          json: objectSchema({ friendShips: { type: "array", items: objectSchema({ friend: schemaRef("UserRef"), request: friendRequest }) } }),
        },
      },
    },
    {
      id: "unfriend",
      method: "delete",
      path: "/api/friends/:friendId",
      summary: "End a friendship",
      responses: { 200: "Ended." },
      errors: ["not_found"],
    },
  ],
};
