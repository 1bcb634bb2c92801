import { useEffect, useId, useState } from "preact/hooks";
import type { Property } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { useDebounced } from "../hooks/use-debounced.ts";
import { html } from "../html.ts";
import { Icon } from "./icon.ts";

/** A property as the form edits it: every value as text until it is saved. */
export interface PropertyDraft {
  key: number;
  type: Property["type"];
  name: string;
  value: string;
  unit: string;
}

let nextKey = 0;

export function draftFromProperty(property: Property): PropertyDraft {
  const key = nextKey++;
  if (property.type === "float") return { key, type: "float", name: property.name, value: String(property.value), unit: property.unit ?? "" };
  if (property.type === "datetime") return { key, type: "datetime", name: property.name, value: property.value.slice(0, 10), unit: "" };
  return { key, type: "string", name: property.name, value: property.value, unit: "" };
}

export const emptyDraft = (): PropertyDraft => ({ key: nextKey++, type: "string", name: "", value: "", unit: "" });

/** Turn drafts into API properties, or return the field errors by input name (`properties[1].value`). */
export function propertiesFromDrafts(drafts: PropertyDraft[]): { properties: Property[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const properties: Property[] = [];
  const seen = new Set<string>();
  drafts.forEach((draft, index) => {
    const name = draft.name.trim();
    if (!name) errors[`properties[${index}].name`] = "Give the property a name.";
    else if (seen.has(name)) errors[`properties[${index}].name`] = `"${name}" is already used by another property.`;
    seen.add(name);
    if (draft.type === "float") {
      const value = Number(draft.value.replace(",", "."));
      if (draft.value.trim() === "" || !Number.isFinite(value)) errors[`properties[${index}].value`] = "Enter a number, for example 1.5.";
      else properties.push({ type: "float", name, value, unit: draft.unit.trim() || null });
    } else if (draft.type === "datetime") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.value)) errors[`properties[${index}].value`] = "Choose a date.";
      else properties.push({ type: "datetime", name, value: `${draft.value}T00:00:00.000Z` });
    } else {
      properties.push({ type: "string", name, value: draft.value });
    }
  });
  return Object.keys(errors).length ? { errors } : { properties };
}

/**
 * Suggestions from `GET /api/search/property_auto_complete`, 300 ms after the last key press:
 * property names when `value` is undefined, else the text values used with that name.
 */
function useCompletions(enabled: boolean, name: string, value?: string): string[] {
  const { api } = useApp();
  const [values, setValues] = useState<string[]>([]);
  const query = useDebounced(enabled ? JSON.stringify([name, value ?? null]) : "", 300);
  useEffect(() => {
    if (!query) return;
    const [settledName, settledValue] = JSON.parse(query) as [string, string | null];
    // The server treats an empty value as a name completion, which would suggest names here.
    if (settledValue !== null && (!settledName || !settledValue)) return;
    const controller = new AbortController();
    api
      .get<{ values: string[] }>("/api/search/property_auto_complete", { name: settledName, value: settledValue ?? undefined }, controller.signal)
      .then((result) => setValues(result.values.slice(0, 20)), () => undefined);
    return () => controller.abort();
  }, [query]);
  return values;
}

function PropertyRow({ draft, index, errors, onChange, onRemove }: { draft: PropertyDraft; index: number; errors: Record<string, string>; onChange: (draft: PropertyDraft) => void; onRemove: () => void }) {
  const id = useId();
  const [focused, setFocused] = useState<"name" | "value" | undefined>();
  const nameSuggestions = useCompletions(focused === "name", draft.name);
  const valueSuggestions = useCompletions(focused === "value" && draft.type === "string", draft.name, draft.value);
  const nameError = errors[`properties[${index}].name`] ?? errors[`properties[${index}]`];
  const valueError = errors[`properties[${index}].value`];
  const unitError = errors[`properties[${index}].unit`];
  const set = (change: Partial<PropertyDraft>) => onChange({ ...draft, ...change });
  const input = (key: "name" | "value" | "unit") => (event: Event) => set({ [key]: (event.currentTarget as HTMLInputElement).value });

  return html`<li class="property-row" data-testid="property-row">
    <div class="field">
      <label for=${`${id}-name`}>Name</label>
      <input id=${`${id}-name`} value=${draft.name} list=${`${id}-names`} onInput=${input("name")} onFocus=${() => setFocused("name")} onBlur=${() => setFocused(undefined)}
        aria-invalid=${nameError ? "true" : undefined} aria-describedby=${nameError ? `${id}-name-error` : undefined} maxLength=${255} autocomplete="off" />
      <datalist id=${`${id}-names`}>${focused === "name" ? nameSuggestions.map((value) => html`<option key=${value} value=${value} />`) : null}</datalist>
      ${nameError ? html`<p class="field-error" id=${`${id}-name-error`}>${nameError}</p>` : null}
    </div>
    <div class="field">
      <label for=${`${id}-type`}>Type</label>
      <select id=${`${id}-type`} value=${draft.type} onChange=${(event: Event) => {
        const type = (event.currentTarget as HTMLSelectElement).value as PropertyDraft["type"];
        set({ type, value: type === "datetime" ? new Date().toISOString().slice(0, 10) : "", unit: "" });
      }}>
        <option value="string">Text</option>
        <option value="float">Number</option>
        <option value="datetime">Date</option>
      </select>
    </div>
    <div class="field">
      <label for=${`${id}-value`}>Value</label>
      <input id=${`${id}-value`} value=${draft.value} type=${draft.type === "datetime" ? "date" : "text"} inputmode=${draft.type === "float" ? "decimal" : undefined}
        list=${draft.type === "string" ? `${id}-values` : undefined} onInput=${input("value")} onFocus=${() => setFocused("value")} onBlur=${() => setFocused(undefined)}
        aria-invalid=${valueError ? "true" : undefined} aria-describedby=${valueError ? `${id}-value-error` : undefined} maxlength=${draft.type === "string" ? 255 : undefined} autocomplete="off" />
      <datalist id=${`${id}-values`}>${focused === "value" ? valueSuggestions.map((value) => html`<option key=${value} value=${value} />`) : null}</datalist>
      ${valueError ? html`<p class="field-error" id=${`${id}-value-error`}>${valueError}</p>` : null}
    </div>
    <div class="field">
      <label for=${`${id}-unit`}>Unit</label>
      <input id=${`${id}-unit`} value=${draft.unit} onInput=${input("unit")} disabled=${draft.type !== "float"} maxLength=${20} aria-invalid=${unitError ? "true" : undefined} />
      ${unitError ? html`<p class="field-error">${unitError}</p>` : null}
    </div>
    <button type="button" class="icon-button" aria-label=${`Remove property ${draft.name || index + 1}`} onClick=${onRemove}><${Icon} name="trash" /></button>
  </li>`;
}

export function PropertyEditor({ drafts, errors, onChange }: { drafts: PropertyDraft[]; errors: Record<string, string>; onChange: (drafts: PropertyDraft[]) => void }) {
  return html`<fieldset>
    <legend>Properties</legend>
    ${drafts.length ? html`<ul style=${{ listStyle: "none", margin: 0, padding: 0 }}>
      ${drafts.map((draft, index) => html`<${PropertyRow} key=${draft.key} draft=${draft} index=${index} errors=${errors}
        onChange=${(next: PropertyDraft) => onChange(drafts.map((entry) => (entry.key === draft.key ? next : entry)))}
        onRemove=${() => onChange(drafts.filter((entry) => entry.key !== draft.key))} />`)}
    </ul>` : html`<p class="muted small">Record facts such as size, colour or the date you bought it.</p>`}
    <button type="button" class="button" style=${{ marginTop: "8px" }} onClick=${() => onChange([...drafts, emptyDraft()])} data-testid="add-property"><${Icon} name="plus" />Add a property</button>
  </fieldset>`;
}
