import type { ApiFeature } from "../http/openapi/operation.ts";
import { changeSchema, resetConfirmSchema, resetRequestSchema } from "./password-routes.ts";
import { loginSchema } from "./session-routes.ts";

const setCookie = { "Set-Cookie": { description: "The four session cookies.", schema: { type: "string" as const } } };

/** Sessions and passwords under `/api/user`. */
export const authApi: ApiFeature = {
  tag: "Auth",
  description: "Log in and out, refresh the session, change or reset the password.",
  operations: [
    {
      id: "login",
      method: "post",
      path: "/api/user/login",
      summary: "Log in with e-mail and password",
      access: "public",
      body: loginSchema,
      responses: { 200: { description: "Logged in; the body is empty.", headers: setCookie } },
      errors: ["unauthenticated"],
      rateLimited: true,
    },
    {
      id: "refreshSession",
      method: "post",
      path: "/api/user/refresh",
      summary: "Renew the session with the refresh cookie",
      description: "Needs the `stashsphere-refresh` cookie instead of the access cookie. A 401 also clears the cookies.",
      access: "public",
      responses: { 200: { description: "New session cookies; the body is empty.", headers: setCookie } },
      errors: ["unauthenticated"],
      rateLimited: true,
    },
    {
      id: "logout",
      method: "delete",
      path: "/api/user/logout",
      summary: "Log out",
      description: "With a session, every session of the account ends (on all devices).",
      access: "optional-session",
      responses: { 200: "Logged out; the cookies are cleared." },
    },
    {
      id: "changePassword",
      method: "patch",
      path: "/api/user/password",
      summary: "Change the caller's password",
      description: "Other devices are logged out; this one gets new session cookies.",
      body: changeSchema,
      responses: { 200: { description: "Changed; the body is empty.", headers: setCookie } },
      rateLimited: true,
    },
    {
      id: "requestPasswordReset",
      method: "post",
      path: "/api/user/password-reset/request",
      summary: "E-mail a password reset link",
      description: "Returns 200 whether or not the address has an account, after the same minimum delay.",
      access: "public",
      body: resetRequestSchema,
      responses: { 200: "Accepted." },
      rateLimited: true,
    },
    {
      id: "confirmPasswordReset",
      method: "post",
      path: "/api/user/password-reset/confirm",
      summary: "Set a new password with the token from the e-mail",
      access: "public",
      body: resetConfirmSchema,
      responses: { 200: "Changed; every session of the account ends." },
      rateLimited: true,
    },
  ],
};
