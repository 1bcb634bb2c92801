// Word lists are imported `with { type: "text" }`: Bun hands over the file's contents as a
// string, also inside a compiled binary.
declare module "*.txt" {
  const text: string;
  export default text;
}
