import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import type { ChatItem } from '../store/types.js';
import { linkify } from './linkify.js';

/** Props of {@link MessageList}. */
export interface MessageListProps {
  items: ChatItem[];
  greeting: string | null;
  strings: CoreCatalog;
  formatTime: (at: number) => string;
  onRetry: (clientId: string) => void;
}

/** Distance from the bottom (px) under which the visitor still counts as "at the bottom". */
const STICKY_PX = 48;

/**
 * The conversation: a polite live region, so new messages are announced. Follows new messages
 * unless the visitor has scrolled up to read.
 * @example <MessageList items={items} greeting="Hi!" strings={en} formatTime={fmt} onRetry={retry} />
 */
export function MessageList({ items, greeting, strings, formatTime, onRetry }: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  const onScroll = () => {
    const el = ref.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
  };

  return (
    <div
      ref={ref}
      class="log"
      role="log"
      aria-live="polite"
      aria-label={strings.messages}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard to scroll back (WCAG 2.1.1; axe scrollable-region-focusable)
      tabIndex={0}
      onScroll={onScroll}
    >
      {items.length === 0 && <p class="greeting">{greeting ?? strings.defaultGreeting}</p>}
      {items.map((item) => {
        if (item.kind === 'joined') {
          return (
            <p key={item.key} class="system">
              {strings.joined(item.name)}
            </p>
          );
        }
        if (item.kind === 'transferred') {
          return (
            <p key={item.key} class="system">
              {strings.transferred(item.to)}
            </p>
          );
        }
        if (item.kind === 'requeued') {
          return (
            <p key={item.key} class="system">
              {strings.requeued}
            </p>
          );
        }
        if (item.kind === 'ended') {
          return (
            <p key={item.key} class="system">
              {strings.ended}
            </p>
          );
        }
        return (
          <Message
            key={item.key}
            item={item}
            strings={strings}
            formatTime={formatTime}
            onRetry={onRetry}
          />
        );
      })}
    </div>
  );
}

type MessageItem = Extract<ChatItem, { kind: 'message' }>;

function Message({
  item,
  strings,
  formatTime,
  onRetry,
}: {
  item: MessageItem;
  strings: CoreCatalog;
  formatTime: (at: number) => string;
  onRetry: (clientId: string) => void;
}) {
  const time = <time dateTime={new Date(item.at).toISOString()}>{formatTime(item.at)}</time>;
  if (!item.own) {
    return (
      <div class="msg agent">
        <span class="avatar" aria-hidden="true">
          {item.authorName.trim().charAt(0) || '?'}
        </span>
        <div class="msg-body">
          <span class="author">{item.authorName}</span>
          <div class="bubble">{linkify(item.text)}</div>
          <span class="meta">{time}</span>
        </div>
      </div>
    );
  }
  return (
    <div class="msg own">
      <span class="sr-only">{strings.you}</span>
      <div class="bubble">{linkify(item.text)}</div>
      <span class="meta" data-status={item.status ?? undefined}>
        {time}
        {item.status === 'sending' && <span>{strings.sending}</span>}
        {item.status === 'sent' && <span>{strings.sent}</span>}
        {item.status === 'failed' && (
          <>
            <span>{strings.failed}</span>
            <button type="button" class="link-button" onClick={() => onRetry(item.clientId)}>
              {strings.retry}
            </button>
          </>
        )}
      </span>
    </div>
  );
}
