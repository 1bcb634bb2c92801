import { useId } from "preact/hooks";
import { html, type ComponentChildren } from "../html.ts";

export interface InputFieldProps {
  label: string;
  name: string;
  value: string | number;
  onValue: (value: string) => void;
  type?: string;
  error?: string;
  hint?: ComponentChildren;
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  list?: string;
  placeholder?: string;
  class?: string;
  testid?: string;
  autofocus?: boolean;
}

/**
 * A labelled input with its hint and error underneath. The error is tied to the input with
 * `aria-describedby` and `aria-invalid`, so a screen reader reads it with the field.
 */
export function InputField(props: InputFieldProps) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    placeholder: props.placeholder,
    autocomplete: props.autocomplete,
    minLength: props.minLength,
    maxLength: props.maxLength,
    autofocus: props.autofocus,
    "aria-invalid": props.error ? "true" : undefined,
    "aria-describedby": describedBy,
    "data-testid": props.testid,
    onInput: (event: Event) => props.onValue((event.currentTarget as HTMLInputElement).value),
  };
  return html`<div class=${`field ${props.class ?? ""}`}>
    <label for=${id}>${props.label}${props.required ? html`<span class="required" aria-hidden="true"> *</span>` : null}</label>
    ${props.multiline
      ? html`<textarea ...${common} rows="4"></textarea>`
      : html`<input ...${common} type=${props.type ?? "text"} inputmode=${props.inputmode} pattern=${props.pattern} list=${props.list} />`}
    ${props.hint ? html`<p class="hint" id=${hintId}>${props.hint}</p>` : null}
    ${props.error ? html`<p class="field-error" id=${errorId}>${props.error}</p>` : null}
  </div>`;
}

/** The form-level error and the submit button, which is disabled while the form is sent. */
export function FormFooter({ error, pending, label, pendingLabel, testid, children }: { error?: string; pending: boolean; label: string; pendingLabel?: string; testid?: string; children?: ComponentChildren }) {
  return html`<div class="form-footer">
    ${error ? html`<p class="error-message" role="alert">${error}</p>` : null}
    <div class="button-row">
      <button type="submit" class="button primary" disabled=${pending} aria-disabled=${pending ? "true" : undefined} data-testid=${testid}>${pending ? (pendingLabel ?? `${label}…`) : label}</button>
      ${children}
    </div>
  </div>`;
}
