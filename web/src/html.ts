import htm from "htm";
import { h } from "preact";

/**
 * The one `html` tag of the app. htm and Preact are imported only here and in the hook
 * imports, so every chunk shares one Preact instance (two instances would break hooks).
 */
export const html = htm.bind(h);

export { Fragment, createContext, render } from "preact";
export type { ComponentChildren, VNode } from "preact";
