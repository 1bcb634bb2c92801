import type { Context } from "hono";
import type { OidcProviderConfig } from "../config/index.ts";
import type { AppEnv } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import type { ProviderDirectory } from "./provider-directory.ts";

/** The provider named in the path; a 404 when no enabled provider has that name. */
export function configuredProvider(c: Context<AppEnv>, directory: ProviderDirectory): OidcProviderConfig {
  const name = c.req.param("name") ?? "";
  const config = directory.find(name);
  if (!config) throw notFound(`OIDC provider ${JSON.stringify(name)}`);
  return config;
}
