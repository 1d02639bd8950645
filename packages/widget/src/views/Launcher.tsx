import type { Ref } from 'preact';
import type { Catalog } from '../i18n/en.js';
import { ChatIcon, ChevronIcon } from './icons.js';

/** Props of {@link Launcher}. */
export interface LauncherProps {
  open: boolean;
  unread: number;
  strings: Catalog;
  onToggle: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * The round button in the corner. Its name says what it does ("Open chat" / "Close chat"), and
 * `aria-expanded` tells assistive tech whether the panel is showing.
 * @example <Launcher open={false} unread={2} strings={en} onToggle={toggle} />
 */
export function Launcher({ open, unread, strings, onToggle, buttonRef }: LauncherProps) {
  const showBadge = !open && unread > 0;
  return (
    <button
      ref={buttonRef}
      type="button"
      class="launcher"
      aria-label={open ? strings.closeChat : strings.openChat}
      aria-expanded={open}
      aria-haspopup="dialog"
      aria-describedby={showBadge ? 'sb-unread' : undefined}
      onClick={onToggle}
    >
      {open ? <ChevronIcon /> : <ChatIcon />}
      {showBadge && (
        <span class="badge" id="sb-unread">
          <span aria-hidden="true">{unread > 9 ? '9+' : unread}</span>
          <span class="sr-only">{strings.unread(unread)}</span>
        </span>
      )}
    </button>
  );
}
