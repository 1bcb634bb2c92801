/** Stylesheets are imported for their side effect; Bun.build emits them as separate CSS files. */
declare module "*.css";
