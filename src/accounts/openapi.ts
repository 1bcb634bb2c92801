import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { scheduleSchema } from "./deletion-routes.ts";
import { verifySchema } from "./email-verification-routes.ts";
import { registrationSchema } from "./registration-routes.ts";
import { profileUpdateSchema } from "./update-profile.ts";

const profile = { description: "The caller's profile.", json: schemaRef("Profile") };

/** `/api/user`: registration and the caller's own account. */
export const accountsApi: ApiFeature = {
  tag: "Account",
  description: "Registration, the caller's profile, e-mail verification and scheduled account deletion.",
  operations: [
    {
      id: "register",
      method: "post",
      path: "/api/user/register",
      summary: "Register an account",
      description: "Sets no cookies: log in afterwards. `inviteCode` is required when GET /api/info returns `inviteRequired: true`.",
      access: "public",
      body: registrationSchema,
      responses: { 200: "Registered." },
      errors: ["conflict"],
      rateLimited: true,
    },
    { id: "showProfile", method: "get", path: "/api/user/profile", summary: "Show the caller's profile", responses: { 200: profile }, errors: ["not_found"] },
    {
      id: "updateProfile",
      method: "patch",
      path: "/api/user/profile",
      summary: "Change the caller's profile",
      description: "Absent fields keep their value; `imageId: null` removes the picture.",
      body: profileUpdateSchema,
      responses: { 200: profile },
      errors: ["forbidden", "not_found"],
    },
    {
      id: "requestEmailVerification",
      method: "post",
      path: "/api/user/email-verification/request",
      summary: "E-mail a verification code to the caller",
      responses: { 200: "Queued." },
      errors: ["not_found"],
      rateLimited: true,
    },
    {
      id: "verifyEmail",
      method: "post",
      path: "/api/user/email-verification/verify",
      summary: "Verify the caller's e-mail address with the code",
      body: verifySchema,
      responses: { 200: "Verified." },
      rateLimited: true,
    },
    {
      id: "scheduleAccountDeletion",
      method: "post",
      path: "/api/user/deletion",
      summary: "Schedule the deletion of the caller's account",
      description: "Accounts with a password confirm with `password`; the others with `confirmation`, their e-mail address.",
      body: scheduleSchema,
      responses: { 200: profile },
      errors: ["not_found"],
      rateLimited: true,
    },
    {
      id: "cancelAccountDeletion",
      method: "delete",
      path: "/api/user/deletion",
      summary: "Cancel the scheduled deletion",
      responses: { 200: profile },
      errors: ["not_found"],
    },
  ],
  schemas: {
    Profile: objectSchema(
      {
        id: { type: "string" },
        name: { type: "string" },
        fullName: { ...nullable({ type: "string" }), description: "Null until the profile is first saved." },
        information: nullable({ type: "string" }),
        email: { type: "string" },
        image: nullable(
          objectSchema(
            { id: { type: "string" }, name: { type: "string" }, mime: { type: "string" }, createdAt: timestampSchema, owner: schemaRef("UserRef"), hash: { type: "string" }, thumbhash: { type: "string" } },
            ["thumbhash"],
          ),
        ),
        purgeAt: { ...nullable(timestampSchema), description: "When the account will be deleted, if that is scheduled." },
        hasPassword: { type: "boolean", description: "False for accounts that sign in only through OpenID Connect." },
        emailVerified: { type: "boolean", description: "Only in GET /api/user/profile." },
      },
      ["emailVerified"],
    ),
  },
};
