import type { ConversationSummary } from '@switchboard/shared';
import type { ComponentChildren } from 'preact';
import { initials } from '../../format/initials.js';
import { formatDuration, formatRelative } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import type { InboxFilter, InboxSection } from '../../store/selectors.js';

/** One inbox line: the summary and whether it holds unseen visitor messages. */
export interface InboxRow {
  summary: ConversationSummary;
  unread: boolean;
  /** Closed, handled by me, and not wrapped up yet: marked "Needs wrap-up". */
  needsWrapUp?: boolean;
}

/** Props of {@link Inbox}. */
export interface InboxProps {
  /** The non-empty sections in order (Mine, Waiting, Team, Closed), with their rows. */
  sections: Array<{ id: InboxSection; rows: InboxRow[] }>;
  filter: InboxFilter;
  counts: Record<InboxFilter, number>;
  selectedId: string | null;
  /** The signed-in agent's id, to say "with you" on their own conversations. */
  agentId: string | null;
  now: number;
  departmentName(departmentId: string): string;
  onFilter(filter: InboxFilter): void;
  onOpen(conversationId: string): void;
  /** Assign a waiting conversation to myself. */
  onTake(conversationId: string): void;
  /** Shown above the filters: the offer cards. */
  children?: ComponentChildren;
}

const FILTERS: InboxFilter[] = ['all', 'waiting', 'active', 'closed'];

/**
 * The inbox: offers on top, filter tabs, then one list of conversations in sections (Mine,
 * Waiting in queue order with a Take button, Team, Closed), each a button with the visitor's
 * name, status, latest message and how long ago.
 * @example <Inbox sections={sections} filter="all" counts={counts} ... />
 */
export function Inbox(props: InboxProps) {
  const { sections, filter, counts, onFilter } = props;
  const empty = sections.every((s) => s.rows.length === 0);
  return (
    <nav class="inbox" aria-label={en.inbox.region}>
      {props.children}
      <fieldset class="inbox__filters">
        <legend class="visually-hidden">{en.inbox.filters}</legend>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            class="inbox__filter"
            aria-pressed={filter === f}
            onClick={() => onFilter(f)}
          >
            {en.inbox.filter[f]}
            <span class="inbox__count">{counts[f]}</span>
          </button>
        ))}
      </fieldset>
      {/* Always rendered, even empty, so the list is there to be found and announced. */}
      {/* biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none */}
      <ul class="inbox__list" role="list" aria-label={en.inbox.label}>
        {sections.map((section) => (
          <li key={section.id} class={`inbox__section inbox__section--${section.id}`}>
            <h3 class="inbox__section-title">
              {en.inbox.sections[section.id]}{' '}
              <span class="inbox__count">{section.rows.length}</span>
            </h3>
            <ul
              class="inbox__section-list"
              // biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none
              role="list"
              aria-label={en.inbox.sections[section.id]}
            >
              {section.rows.map((row) => (
                <InboxItem
                  key={row.summary.id}
                  row={row}
                  selected={row.summary.id === props.selectedId}
                  {...props}
                />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {empty && <p class="inbox__empty">{en.inbox.empty[filter]}</p>}
    </nav>
  );
}

interface InboxItemProps
  extends Pick<InboxProps, 'agentId' | 'now' | 'departmentName' | 'onOpen' | 'onTake'> {
  row: InboxRow;
  selected: boolean;
}

function InboxItem({
  row,
  selected,
  agentId,
  now,
  departmentName,
  onOpen,
  onTake,
}: InboxItemProps) {
  const { summary, unread } = row;
  const preview = summary.preview;
  const at = preview?.at ?? summary.updatedAt;
  const waiting = summary.status === 'waiting';
  const since = waiting ? (summary.queuedAt ?? summary.createdAt) : at;
  const priority = summary.routing?.priority ?? 0;
  const offeredTo =
    waiting && summary.offer && summary.offer.agent.id !== agentId
      ? summary.offer.agent.name
      : null;
  const owner =
    summary.status === 'active' && summary.agent
      ? summary.agent.id === agentId
        ? en.inbox.withYou
        : en.inbox.withAgent(summary.agent.name)
      : null;
  const classes = [
    'inbox-item',
    `inbox-item--${summary.status}`,
    selected ? 'inbox-item--selected' : '',
    unread ? 'inbox-item--unread' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li class={waiting ? 'inbox__row inbox__row--waiting' : 'inbox__row'}>
      <button
        type="button"
        class={classes}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(summary.id)}
      >
        <span class="avatar avatar--visitor" aria-hidden="true">
          {initials(summary.visitor.name)}
        </span>
        <span class="inbox-item__body">
          <span class="inbox-item__top">
            <span class="inbox-item__name">{summary.visitor.name}</span>
            <time class="inbox-item__time" dateTime={new Date(since).toISOString()}>
              {formatRelative(since, now)}
            </time>
          </span>
          <span class="inbox-item__meta">
            <span class={`badge badge--${summary.status}`}>{en.status[summary.status]}</span>
            {summary.routing && (
              <span class="inbox-item__department">
                {departmentName(summary.routing.departmentId)}
              </span>
            )}
            {waiting && (
              <span class="inbox-item__wait">
                {en.inbox.waitingFor(formatDuration(now - since))}
              </span>
            )}
            {priority > 0 && (
              <span class="badge badge--priority">{en.inbox.priority(priority)}</span>
            )}
            {owner && <span class="inbox-item__owner">{owner}</span>}
            {offeredTo && <span class="inbox-item__owner">{en.inbox.offeredTo(offeredTo)}</span>}
            {row.needsWrapUp && <span class="badge badge--wrapup">{en.wrapUp.needsWrapUp}</span>}
          </span>
          <span class="inbox-item__preview">
            {preview ? (
              <>
                {preview.role === 'agent' && preview.text && summary.agent?.id === agentId
                  ? en.inbox.you
                  : ''}
                {preview.text}
              </>
            ) : (
              en.inbox.noMessage
            )}
          </span>
        </span>
        {unread && (
          <span class="unread-dot">
            <span class="visually-hidden">{en.inbox.unread}</span>
          </span>
        )}
      </button>
      {waiting && (
        <button
          class="button button--secondary inbox-item__take"
          type="button"
          onClick={() => onTake(summary.id)}
        >
          {en.inbox.take}
        </button>
      )}
    </li>
  );
}
