// Files imported `with { type: "file" }` resolve to a path: on disk when run from source,
// inside the executable when compiled.
declare module "*.wasm" {
  const path: string;
  export default path;
}
declare module "*.data" {
  const path: string;
  export default path;
}
declare module "*.tar.gz" {
  const path: string;
  export default path;
}
declare module "*.sql" {
  const text: string;
  export default text;
}
