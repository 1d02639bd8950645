import { en } from '../i18n/en.js';
import type { ConnectionStatus } from '../store/state.js';

/** Props of {@link TopBar}. */
export interface TopBarProps {
  agentName: string;
  connection: ConnectionStatus;
  /** Conversations waiting for someone, shown next to the product name. */
  waiting: number;
  onSignOut(): void;
}

/**
 * The top bar: product, who is signed in, whether the relay is reachable, and Sign out.
 * @example <TopBar agentName="Grace" connection="online" waiting={2} onSignOut={signOut} />
 */
export function TopBar({ agentName, connection, onSignOut }: TopBarProps) {
  return (
    <header class="topbar">
      <div class="topbar__brand">
        <span class="brand-mark" aria-hidden="true" />
        <span class="topbar__product">{en.product}</span>
      </div>
      <div class="topbar__right">
        <span class={`connection connection--${connection}`} role="status">
          <span class="connection__dot" aria-hidden="true" />
          {en.topBar.connection[connection]}
        </span>
        <span class="topbar__agent" title={en.topBar.signedInAs(agentName)}>
          <span class="avatar" aria-hidden="true">
            {initials(agentName)}
          </span>
          <span class="topbar__agent-name">{agentName}</span>
        </span>
        <button class="button button--ghost" type="button" onClick={onSignOut}>
          {en.topBar.signOut}
        </button>
      </div>
    </header>
  );
}

/** Up to two initials for an avatar ("Grace Hopper" -> "GH"). */
export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => Array.from(part)[0] ?? '');
  const picked = letters.length > 1 ? [letters[0], letters[letters.length - 1]] : letters;
  return picked.join('').toUpperCase();
}
