// Migration files are imported with `with { type: "text" }`, which makes Bun hand over the
// file's contents as a string, also inside a compiled binary.
declare module "*.sql" {
  const text: string;
  export default text;
}
