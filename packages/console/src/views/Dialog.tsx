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
