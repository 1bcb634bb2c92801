import { accountsApi } from "../../accounts/openapi.ts";
import { authApi } from "../../auth/openapi.ts";
import { cartApi } from "../../cart/openapi.ts";
import { friendRequestsApi, friendsApi } from "../../friends/openapi.ts";
import { imagesApi } from "../../images/openapi.ts";
import { listsApi } from "../../lists/openapi.ts";
import { notificationsApi } from "../../notifications/openapi.ts";
import { oidcApi } from "../../oidc/openapi.ts";
import { searchApi } from "../../search/openapi.ts";
import { sharesApi } from "../../shares/openapi.ts";
import { thingsApi } from "../../things/openapi.ts";
import { usersApi } from "../../users/openapi.ts";
import { buildOpenapiDocument, type OpenapiDocument } from "./build-document.ts";
import { instanceApi } from "./instance-api.ts";
import type { ApiFeature } from "./operation.ts";

/** Every feature's operations, in the order the document and /api/docs show them. */
export const apiFeatures: readonly ApiFeature[] = [
  instanceApi,
  authApi,
  accountsApi,
  oidcApi,
  usersApi,
  thingsApi,
  listsApi,
  searchApi,
  imagesApi,
  friendRequestsApi,
  friendsApi,
  sharesApi,
  notificationsApi,
  cartApi,
];

/** Build the OpenAPI document of the whole API for the given server version. */
export function stashsphereOpenapiDocument(version: string): OpenapiDocument {
  return buildOpenapiDocument(apiFeatures, version);
}

/** Render the document as the server sends it and `openapi-dump` writes it: indented JSON and a newline. */
export function stashsphereOpenapiText(version: string): string {
  return `${JSON.stringify(stashsphereOpenapiDocument(version), null, 2)}\n`;
}
