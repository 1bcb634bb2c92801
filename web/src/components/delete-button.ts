import { useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import { html } from "../html.ts";
import { ConfirmDialog } from "./dialog.ts";
import { Icon } from "./icon.ts";

/** A delete button that asks first and shows why the deletion failed inside the question. */
export function DeleteButton({ what, question, onDelete, testid = "delete-button" }: { what: string; question: string; onDelete: () => Promise<void>; testid?: string }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setPending(true);
    setError(undefined);
    try {
      await onDelete();
      setOpen(false);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setPending(false);
    }
  };
  return html`<button type="button" class="button" onClick=${() => setOpen(true)} data-testid=${testid}><${Icon} name="trash" />Delete</button>
    <${ConfirmDialog} open=${open} title=${`Delete ${what}?`} message=${question} confirmLabel="Delete" danger pending=${pending} error=${error}
      onConfirm=${confirm} onClose=${() => {
        setOpen(false);
        setError(undefined);
      }} />`;
}
