import type { Property } from "../api/types.ts";
import { html } from "../html.ts";

const knownNames: Record<string, string> = {
  manufacturer: "Manufacturer",
  manufacturer_url: "Manufacturer website",
  torque_min: "Minimum torque",
  torque_max: "Maximum torque",
  material: "Material",
  color: "Colour",
};

const propertyLabel = (name: string) => knownNames[name] ?? name;

function asWebLink(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function isCssColour(value: string): boolean {
  return /^[a-z]{3,20}$/i.test(value) && typeof CSS !== "undefined" && CSS.supports("color", value);
}

export function formatPropertyValue(property: Property) {
  if (property.type === "float") return `${property.value.toLocaleString()}${property.unit ? ` ${property.unit}` : ""}`;
  if (property.type === "datetime") {
    const date = new Date(property.value);
    return Number.isNaN(date.getTime()) ? property.value : date.toLocaleDateString(undefined, { timeZone: "UTC", dateStyle: "medium" });
  }
  return property.value;
}

function PropertyValue({ property }: { property: Property }) {
  if (property.type === "string") {
    const link = asWebLink(property.value);
    if (link) return html`<a href=${link.href} target="_blank" rel="noopener noreferrer">${link.host}${link.pathname === "/" ? "" : link.pathname}</a>`;
    if (property.name === "color" && isCssColour(property.value)) {
      return html`<span class="swatch" style=${{ background: property.value }} aria-hidden="true"></span>${property.value}`;
    }
  }
  return formatPropertyValue(property);
}

/** Render properties as a description list; `limit` shows the first few and counts the rest. */
export function PropertyList({ properties, limit }: { properties: Property[]; limit?: number }) {
  if (properties.length === 0) return null;
  const shown = limit === undefined ? properties : properties.slice(0, limit);
  const hidden = properties.length - shown.length;
  return html`<dl class="properties">
      ${shown.map((property) => html`<div key=${property.name}><dt>${propertyLabel(property.name)}</dt><dd><${PropertyValue} property=${property} /></dd></div>`)}
    </dl>
    ${hidden > 0 ? html`<p class="properties-more">+${hidden} more</p>` : null}`;
}
