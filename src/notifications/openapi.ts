import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, pageOf, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { listingQuery } from "./notification-routes.ts";

/** `/api/notifications`. */
export const notificationsApi: ApiFeature = {
  tag: "Notifications",
  description: "In-app notifications about friend requests, shares and list changes.",
  operations: [
    {
      id: "listNotifications",
      method: "get",
      path: "/api/notifications",
      summary: "List the caller's notifications, newest first",
      query: listingQuery,
      responses: { 200: { description: "One page of notifications.", json: pageOf("notifications", schemaRef("Notification")) } },
    },
    {
      id: "countUnreadNotifications",
      method: "get",
      path: "/api/notifications/unread-count",
      summary: "Count the unacknowledged notifications",
      responses: { 200: { description: "The count.", json: objectSchema({ count: { type: "integer" } }) } },
    },
    {
      id: "acknowledgeAllNotifications",
      method: "post",
      path: "/api/notifications/acknowledge-all",
      summary: "Acknowledge every notification",
      responses: { 200: { description: "How many were acknowledged.", json: objectSchema({ acknowledged: { type: "integer" } }) } },
    },
    {
      id: "acknowledgeNotification",
      method: "patch",
      path: "/api/notifications/:id",
      summary: "Acknowledge one notification",
      responses: { 200: "Acknowledged." },
      errors: ["not_found"],
    },
  ],
  schemas: {
    Notification: objectSchema({
      id: { type: "string" },
      createdAt: timestampSchema,
      acknowledged: { type: "boolean" },
      contentType: { type: "string", description: "FRIEND_REQUEST, FRIEND_REQUEST_REACTION, THING_SHARED, LIST_SHARED, THINGS_ADDED_TO_LIST, …" },
      content: { description: "An object whose keys depend on contentType, such as thingId and sharerId." },
      actor: { ...nullable(schemaRef("UserRef")), description: "Who caused it; null when the account is gone." },
      subject: {
        ...nullable(objectSchema({ type: { type: "string", enum: ["thing", "list", "friendRequest"] }, id: { type: "string" }, name: { type: "string" } })),
        description: "What it is about; null when that is gone or no longer visible to the caller.",
      },
    }),
  },
};
