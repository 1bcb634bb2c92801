import type { Extension } from "@electric-sql/pglite";

/**
 * Build a PGlite extension that only runs `hook` on the Emscripten module before PostgreSQL
 * starts. Extensions are PGlite's only way into the module's options.
 */
export function preRunExtension<Module>(name: string, hook: (module: Module) => void): Extension {
  return {
    name,
    setup: async (_pg, emscriptenOptions) => ({
      emscriptenOpts: { ...emscriptenOptions, preRun: [...(emscriptenOptions.preRun ?? []), hook] },
    }),
  };
}
