import type { ConversationSummary } from '@switchboard/shared';
import { formatRelative } from '../format/time.js';
import { en } from '../i18n/en.js';
import type { InboxFilter } from '../store/selectors.js';
import { initials } from './TopBar.js';

/** One inbox line: the summary and whether it holds unseen visitor messages. */
export interface InboxRow {
  summary: ConversationSummary;
  unread: boolean;
}

/** Props of {@link Inbox}. */
export interface InboxProps {
  rows: InboxRow[];
  filter: InboxFilter;
  counts: Record<InboxFilter, number>;
  selectedId: string | null;
  /** The signed-in agent's id, to say "with you" on their own conversations. */
  agentId: string | null;
  now: number;
  onFilter(filter: InboxFilter): void;
  onOpen(conversationId: string): void;
}

const FILTERS: InboxFilter[] = ['all', 'waiting', 'active', 'closed'];

/**
 * The inbox: filter tabs, then a list of conversations (waiting first, highlighted), each a button
 * with the visitor's name, status, latest message and how long ago.
 * @example <Inbox rows={rows} filter="all" counts={counts} ... />
 */
export function Inbox(props: InboxProps) {
  const { rows, filter, counts, selectedId, agentId, now, onFilter, onOpen } = props;
  return (
    <nav class="inbox" aria-label={en.inbox.region}>
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
        {rows.map((row) => (
          <InboxItem
            key={row.summary.id}
            row={row}
            selected={row.summary.id === selectedId}
            agentId={agentId}
            now={now}
            onOpen={onOpen}
          />
        ))}
      </ul>
      {rows.length === 0 && <p class="inbox__empty">{en.inbox.empty[filter]}</p>}
    </nav>
  );
}

interface InboxItemProps {
  row: InboxRow;
  selected: boolean;
  agentId: string | null;
  now: number;
  onOpen(conversationId: string): void;
}

function InboxItem({ row, selected, agentId, now, onOpen }: InboxItemProps) {
  const { summary, unread } = row;
  const preview = summary.preview;
  const at = preview?.at ?? summary.updatedAt;
  const since = summary.status === 'waiting' ? summary.createdAt : at;
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
    <li class="inbox__row">
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
            {owner && <span class="inbox-item__owner">{owner}</span>}
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
    </li>
  );
}
