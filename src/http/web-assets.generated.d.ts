// Types of the module that build.ts writes (src/http/web-assets.generated.ts, not committed).
// Without a build the module is missing and `loadWebFiles` falls back to dist/web or nothing.
export declare const webAssets: Readonly<Record<string, string>>;
