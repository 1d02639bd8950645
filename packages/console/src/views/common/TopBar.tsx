import type { Presence } from '@switchboard/shared';
import type { ConsoleView } from '../../app/router.js';
import { initials } from '../../format/initials.js';
import { en } from '../../i18n/en.js';
import type { ConnectionStatus } from '../../store/state.js';

const PRESENCES: readonly Presence[] = ['online', 'away', 'offline'];

/** Props of {@link TopBar}. */
export interface TopBarProps {
  agentName: string;
  connection: ConnectionStatus;
  /** Conversations waiting for someone, shown next to the product name. */
  waiting: number;
  presence: Presence;
  onPresence(presence: Presence): void;
  /** My load and capacity, when known ("2 of 3 chats"). */
  load: { load: number; capacity: number } | null;
  /** Supervisors also get the Team, Articles and Appearance links. */
  supervisor: boolean;
  /** Scheduled callbacks whose time has come, counted on the Callbacks link. @default 0 */
  dueCallbacks?: number;
  view: ConsoleView;
  /** Where the Inbox link goes (back to the open conversation, if any). */
  inboxHref: string;
  onSignOut(): void;
}

/**
 * The top bar: product, the Inbox / Callbacks / Team and Articles (supervisors) links, my status and load, who is signed
 * in, whether the relay is reachable, and Sign out.
 * @example <TopBar agentName="Grace" connection="online" presence="online" load={null} ... />
 */
export function TopBar(props: TopBarProps) {
  const { agentName, connection, presence, load, supervisor, view, onSignOut } = props;
  const due = props.dueCallbacks ?? 0;
  return (
    <header class="topbar">
      <div class="topbar__brand">
        <span class="brand-mark" aria-hidden="true" />
        <span class="topbar__product">{en.product}</span>
        <nav class="topbar__views" aria-label={en.topBar.views}>
          <a
            class="topbar__view"
            href={props.inboxHref}
            aria-current={view === 'inbox' ? 'page' : undefined}
          >
            {en.topBar.inbox}
          </a>
          <a
            class="topbar__view"
            href="#/callbacks"
            aria-current={view === 'callbacks' ? 'page' : undefined}
          >
            {en.topBar.callbacks}
            {due > 0 && (
              <span class="topbar__count">
                {' '}
                {due}
                <span class="visually-hidden">{en.topBar.due}</span>
              </span>
            )}
          </a>
          <a
            class="topbar__view"
            href="#/quality"
            aria-current={view === 'quality' ? 'page' : undefined}
          >
            {en.quality.nav}
          </a>
          {supervisor && (
            <a
              class="topbar__view"
              href="#/team"
              aria-current={view === 'team' ? 'page' : undefined}
            >
              {en.topBar.team}
            </a>
          )}
          {supervisor && (
            <a
              class="topbar__view"
              href="#/articles"
              aria-current={view === 'articles' ? 'page' : undefined}
            >
              {en.topBar.articles}
            </a>
          )}
          {supervisor && (
            <a
              class="topbar__view"
              href="#/appearance"
              aria-current={view === 'appearance' ? 'page' : undefined}
            >
              {en.topBar.appearance}
            </a>
          )}
          {supervisor &&
            (['wallboard', 'reports', 'forecast'] as const).map((v) => (
              <a
                key={v}
                class="topbar__view"
                href={`#/${v}`}
                aria-current={view === v ? 'page' : undefined}
              >
                {en[v].link}
              </a>
            ))}
        </nav>
      </div>
      <div class="topbar__right">
        <label class={`presence presence--${presence}`}>
          <span class="presence__label visually-hidden">{en.topBar.status}</span>
          <select
            class="presence__select"
            value={presence}
            onChange={(event) => {
              const picked = PRESENCES.find((p) => p === event.currentTarget.value);
              if (picked) props.onPresence(picked);
            }}
          >
            {PRESENCES.map((p) => (
              <option key={p} value={p}>
                {en.topBar.presence[p]}
              </option>
            ))}
          </select>
        </label>
        {load && <span class="topbar__load">{en.topBar.load(load.load, load.capacity)}</span>}
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
