export type { Config } from "./complete-config.ts";
export { ConfigError } from "./config-error.ts";
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from "./load-config.ts";
export type { OidcProviderConfig } from "./oidc-schema.ts";
export { configReference, type ConfigReferenceEntry } from "./reference.ts";
export { configSchema } from "./schema.ts";
export { splitConfFlags } from "./split-conf-flags.ts";
