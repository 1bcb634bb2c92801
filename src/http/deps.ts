import type { Config } from "../config/index.ts";
import type { SigningKey } from "../auth/signing-key.ts";
import type { ProviderDirectory } from "../oidc/provider-directory.ts";
import type { CoreDeps } from "./env.ts";
import type { WebFiles } from "./web-routes.ts";
import type { ImageStore } from "../images/image-store.ts";

export interface Readiness {
  ready: boolean;
  /** The reason the instance is not ready, for operators; never contains internal detail. */
  reason?: string;
}

/**
 * Everything the HTTP layer is built from. `serve` assembles it from the configuration; tests
 * assemble it around a test database, a fixed clock and loopback servers.
 */
export interface AppDeps extends CoreDeps {
  config: Config;
  signingKey: SigningKey;
  version: string;
  readiness: () => Promise<Readiness>;
  /** The built web app, served at `/`; absent when running without a build (tests, API only). */
  webFiles?: WebFiles;
  /** OIDC providers and their discovery state; built from `config` when absent. */
  oidcProviders?: ProviderDirectory;
  /** Where image files are kept; the directory `image.path` when absent. */
  imageStore?: ImageStore;
  /** Tests only: the client address comes from `X-Test-Client-Address` (random per request without it), as `app.request` has no socket. */
  testClientAddresses?: boolean;
}
