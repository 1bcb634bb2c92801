import { useEffect, useId, useRef } from "preact/hooks";
import { html, type ComponentChildren } from "../html.ts";
import { Icon } from "./icon.ts";

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  class?: string;
  testid?: string;
}

/**
 * Render a modal dialog on the native `<dialog>` element, which traps focus, closes on Escape and
 * hides the rest of the page from assistive technology. Focus returns to the element that
 * opened it.
 */
export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      dialog.showModal();
      return () => opener?.focus?.();
    }
    if (!props.open && dialog.open) dialog.close();
    return undefined;
  }, [props.open]);
  return html`<dialog ref=${ref} class=${`dialog ${props.class ?? ""}`} aria-labelledby=${titleId} data-testid=${props.testid} onCancel=${(event: Event) => {
    event.preventDefault();
    props.onClose();
  }}>
    ${props.open
      ? html`<div class="dialog-header">
            <h2 id=${titleId}>${props.title}</h2>
            <button type="button" class="icon-button" aria-label="Close" onClick=${props.onClose}><${Icon} name="close" /></button>
          </div>
          <div class="dialog-body">${props.children}</div>`
      : null}
  </dialog>`;
}

export interface ConfirmProps {
  open: boolean;
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** A yes/no question in a dialog; the safe choice has the focus first. */
export function ConfirmDialog(props: ConfirmProps) {
  return html`<${Dialog} open=${props.open} title=${props.title} onClose=${props.onClose} testid="confirm-dialog">
    <p>${props.message}</p>
    ${props.error ? html`<p class="error-message" role="alert">${props.error}</p>` : null}
    <div class="button-row end">
      <button type="button" class="button" onClick=${props.onClose} autofocus>Cancel</button>
      <button type="button" class=${`button ${props.danger ? "danger" : "primary"}`} disabled=${props.pending} onClick=${props.onConfirm} data-testid="confirm-yes">${props.pending ? "Working…" : props.confirmLabel}</button>
    </div>
  <//>`;
}
