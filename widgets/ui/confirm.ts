/**
 * A modal confirmation (role=alertdialog). Focus moves to the safe choice (Cancel) and Escape cancels,
 * so a stray Enter never clears a relation.
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';

export interface ConfirmProps {
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ message, confirmLabel, onConfirm, onCancel }: ConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const previous = useRef<Element | null>(null);
  useEffect(() => {
    previous.current = document.activeElement;
    cancelRef.current?.focus();
    return () => (previous.current as HTMLElement | null)?.focus?.();
  }, []);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onCancel();
    if (e.key === 'Tab') {
      const buttons = Array.from((e.currentTarget as HTMLElement).querySelectorAll('button'));
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
      next?.focus();
      e.preventDefault();
    }
  };
  return html`<div class="modal-backdrop">
    <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-msg" onKeyDown=${onKey}>
      <h2 id="confirm-title">Please confirm</h2>
      <p id="confirm-msg">${message}</p>
      <div class="modal-actions">
        <button type="button" class="btn" ref=${cancelRef} onClick=${onCancel}>Cancel</button>
        <button type="button" class="btn btn-danger" onClick=${onConfirm}>${confirmLabel}</button>
      </div>
    </div>
  </div>`;
}
