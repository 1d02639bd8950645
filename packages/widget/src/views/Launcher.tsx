import type { Ref } from 'preact';
import type { CoreCatalog } from '../i18n/en.js';
import { ChatIcon, ChevronIcon } from './icons.js';

/** Props of {@link Launcher}. */
export interface LauncherProps {
  open: boolean;
  unread: number;
  strings: CoreCatalog;
  /** The site's launcher label: a pill with this text next to the icon. Icon only when absent. */
  label?: string | undefined;
  onToggle: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * The button in the corner, round or a pill with the site's label. Its name says what it does
 * ("Open chat" / "Close chat", the label first when there is one), and `aria-expanded` tells
 * assistive tech whether the panel is showing; unread messages are in its description.
 * @example <Launcher open={false} unread={2} strings={en} onToggle={toggle} />
 */
export function Launcher({ open, unread, strings, label, onToggle, buttonRef }: LauncherProps) {
  const showBadge = !open && unread > 0;
  const showLabel = Boolean(label) && !open;
  // Icon only: its name shows as a tooltip on hover and focus (with floating-ui, a lazy chunk).
  const tip = label
    ? undefined
    : ({ currentTarget: button }: { currentTarget: HTMLElement }) =>
        void import('./anchor.js').then((m) => m.tooltip(button), Object);
  return (
    <button
      ref={buttonRef}
      type="button"
      class="launcher"
      data-label={showLabel ? '' : undefined}
      aria-label={
        open ? strings.closeChat : label ? strings.launcherNamed(label) : strings.openChat
      }
      aria-expanded={open}
      aria-haspopup="dialog"
      aria-describedby={showBadge ? 'sb-unread' : undefined}
      onClick={onToggle}
      onPointerEnter={tip}
      onFocus={tip}
    >
      {open ? <ChevronIcon /> : <ChatIcon />}
      {showLabel && (
        <span class="launcher-label" aria-hidden="true">
          {label}
        </span>
      )}
      {showBadge && (
        <span class="badge" id="sb-unread">
          <span aria-hidden="true">{unread > 9 ? '9+' : unread}</span>
          <span class="sr-only">{strings.unread(unread)}</span>
        </span>
      )}
    </button>
  );
}
