import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Props of {@link Dialog}. */
export interface DialogProps {
  /** The id of the dialog's heading, which names it. */
  labelledBy: string;
  /** A wider dialog for long forms. @default false */
  wide?: boolean;
  /**
   * What gets focus on open: the first match of this selector.
   * @default 'input:not([disabled]), select, textarea, button'
   */
  initialFocus?: string;
  /** Escape, or the caller's Cancel. */
  onClose(): void;
  children: ComponentChildren;
}

/**
 * A modal dialog over a backdrop: focus starts on its first field and goes back to what had it
 * (the button that opened it) when it closes; Escape closes it.
 * @example <Dialog labelledBy="edit-title" onClose={close}><h2 id="edit-title">Edit</h2>…</Dialog>
 */
export function Dialog({
  labelledBy,
  wide = false,
  initialFocus = 'input:not([disabled]), select, textarea, button',
  onClose,
  children,
}: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>(initialFocus)?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <div class="dialog-backdrop">
      <div
        ref={ref}
        class={wide ? 'dialog dialog--wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}

/** Props of {@link FormDialog}. */
export interface FormDialogProps extends Omit<DialogProps, 'labelledBy' | 'children'> {
  /** The heading's id (names the dialog). */
  titleId: string;
  title: ComponentChildren;
  /** A line under the heading. */
  hint?: ComponentChildren;
  /** The relay's refusal or a network error, announced. */
  error?: string | null;
  /** Submit (Enter or the primary button); the form's own validation is the caller's. */
  onSubmit(): void;
  cancelLabel: string;
  submitLabel: string;
  /** The primary button is disabled (while saving, or when nothing can be sent). */
  submitDisabled?: boolean;
  children: ComponentChildren;
}

/**
 * The console's form dialog: heading, optional hint, the fields, an announced error, Cancel and
 * the primary action. Transfer, wrap-up and QA review share it, so they look and behave alike.
 * @example <FormDialog titleId="x" title="Wrap up" onSubmit={save} onClose={close} cancelLabel="Cancel" submitLabel="Save">…</FormDialog>
 */
export function FormDialog({
  titleId,
  title,
  hint,
  error,
  onSubmit,
  cancelLabel,
  submitLabel,
  submitDisabled = false,
  children,
  ...dialog
}: FormDialogProps) {
  return (
    <Dialog labelledBy={titleId} {...dialog}>
      <form
        class="dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId} class="dialog__title">
          {title}
        </h2>
        {hint && <p class="dialog__hint">{hint}</p>}
        {children}
        {error && (
          <p class="dialog__error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog__actions">
          <button class="button button--secondary" type="button" onClick={dialog.onClose}>
            {cancelLabel}
          </button>
          <button class="button button--primary" type="submit" disabled={submitDisabled}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
