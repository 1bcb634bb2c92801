import * as v from "valibot";
import type { ApiFeature, ApiResponse } from "../http/openapi/operation.ts";
import { nullable, objectSchema } from "../http/openapi/shared-schemas.ts";
import { linkBodySchema } from "./link-route.ts";

const providerName = { name: v.string() };
const redirect: ApiResponse = { description: "To the provider, or back to the web app.", headers: { Location: { description: "Where to go next.", schema: { type: "string" } } } };

// NOTE: the authorize and callback handlers read their query parameters without a valibot
// schema, so these two schemas exist for the document only and are written by hand.
const authorizeQuery = v.object({ redirect_to: v.optional(v.string()) });
const callbackQuery = v.object({
  code: v.optional(v.string()),
  state: v.optional(v.string()),
  iss: v.optional(v.string()),
  error: v.optional(v.string()),
  error_description: v.optional(v.string()),
});

/** `/api/auth/oidc/{name}`: sign-in through the configured OpenID Connect providers. */
export const oidcApi: ApiFeature = {
  tag: "OpenID Connect",
  description: "Sign-in through the OpenID Connect providers named in the configuration (GET /api/info lists them).",
  operations: [
    {
      id: "startOidcLogin",
      method: "get",
      path: "/api/auth/oidc/:name/authorize",
      summary: "Start a login at a provider",
      description: "`redirect_to` is where the web app wants to return; only addresses of the configured web app are used.",
      access: "public",
      pathParameters: providerName,
      query: authorizeQuery,
      responses: { 302: redirect },
      errors: ["not_found", "service_unavailable"],
    },
    {
      id: "finishOidcLogin",
      method: "get",
      path: "/api/auth/oidc/:name/callback",
      summary: "Finish a login (the provider sends the browser here)",
      description: "Every outcome redirects to the web app with `status=success`, `action=link_required` or `error` and `error_description` in the query.",
      access: "public",
      pathParameters: providerName,
      query: callbackQuery,
      responses: { 302: redirect },
      errors: ["not_found"],
    },
    {
      id: "linkOidcIdentity",
      method: "post",
      path: "/api/auth/oidc/:name/link",
      summary: "Link a provider login to an existing account by its password",
      description: "After a callback with `action=link_required`. Logs in on success.",
      access: "public",
      pathParameters: providerName,
      body: linkBodySchema,
      responses: { 200: { description: "Linked and logged in; the body is empty.", headers: { "Set-Cookie": { description: "The session cookies.", schema: { type: "string" } } } } },
      errors: ["unauthenticated", "not_found", "conflict"],
      rateLimited: true,
    },
    {
      id: "oidcLogoutUrl",
      method: "get",
      path: "/api/auth/oidc/:name/logout-url",
      summary: "Where to end the session at the provider too",
      access: "public",
      pathParameters: providerName,
      responses: { 200: { description: "Null when the provider has no end-session endpoint or cannot be reached.", json: objectSchema({ url: nullable({ type: "string" }) }) } },
      errors: ["not_found"],
    },
  ],
};
