import * as v from "valibot";
import { httpUrl } from "./network-values.ts";
import { section, sectionWithDefaults } from "./section.ts";
import { optionalSetting, requiredSetting, setting } from "./setting.ts";
import { boolean, integer, list, matching, nonEmptyText, secretText, text } from "./weak-values.ts";

/**
 * `auth.oidc`: login through OpenID Connect providers. Provider keys are snake_case, unlike
 * every other key, because the hosting guide published them that way.
 */

const providerSchema = v.pipe(
  section({
    name: requiredSetting(
      matching(/^[a-z0-9_-]+$/, "string ([a-z0-9_-]+)", "a name of lower-case letters, digits, _ and - such as dex"),
      "Identifier of the provider and URL segment of its callback, <baseUrl>/api/auth/oidc/<name>/callback.",
    ),
    display_name: optionalSetting(text(), "Label of the login button.", "the name"),
    issuer_url: requiredSetting(
      httpUrl({ trimTrailingSlash: false }),
      "Issuer URL, exactly as the provider's discovery document states it (Auth0's ends with a slash).",
    ),
    client_id: requiredSetting(nonEmptyText(), "OAuth client id registered at the provider."),
    client_secret: setting(secretText(), "OAuth client secret registered at the provider.", ""),
    scopes: setting(list(nonEmptyText(), "list of strings"), "Scopes requested at login.", ["openid", "profile", "email"]),
    email_claim: setting(nonEmptyText(), "ID token claim that holds the e-mail address.", "email"),
    name_claim: setting(nonEmptyText(), "ID token claim that holds the display name.", "name"),
    clock_leeway_seconds: setting(integer(0, 600), "Clock difference tolerated when checking ID token times, in seconds.", 60),
  }),
  v.transform((provider) => ({ ...provider, display_name: provider.display_name || provider.name })),
);

export type OidcProviderConfig = v.InferOutput<typeof providerSchema>;

const providerList = v.pipe(
  list(providerSchema, "list of providers"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Set<string>();
    dataset.value.forEach((provider, index) => {
      if (seen.has(provider.name)) {
        addIssue({
          message: `duplicate provider name ${JSON.stringify(provider.name)}; each provider needs its own name`,
          path: [
            { type: "array", origin: "value", input: dataset.value, key: index, value: provider },
            { type: "object", origin: "value", input: provider, key: "name", value: provider.name },
          ],
        });
      }
      seen.add(provider.name);
    });
  }),
);

export const oidcSection = sectionWithDefaults(
  section({
    enabled: setting(boolean(), "Offer login through the providers below.", false),
    providers: v.optional(providerList, []),
  }),
);
