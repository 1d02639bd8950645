import type { Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Catalog } from '../i18n/en.js';
import type { ChatItem, ConnectionStatus } from '../store/chat-store.js';
import { Composer } from './Composer.js';
import { ChevronIcon } from './icons.js';
import { MessageList } from './MessageList.js';
import { TypingIndicator } from './TypingIndicator.js';

/** Props of {@link ChatPanel}. */
export interface ChatPanelProps {
  title: string;
  connection: ConnectionStatus;
  greeting: string | null;
  items: ChatItem[];
  typingName: string | null;
  ended: boolean;
  strings: Catalog;
  formatTime: (at: number) => string;
  onClose: () => void;
  onSend: (text: string) => void;
  onTyping: (typing: boolean) => void;
  onRetry: (clientId: string) => void;
  onStartNew: () => void;
  panelRef?: Ref<HTMLDivElement>;
}

function statusText(connection: ConnectionStatus, strings: Catalog): string {
  switch (connection) {
    case 'connected':
      return strings.replyTime;
    case 'reconnecting':
      return strings.reconnecting;
    case 'failed':
      return strings.unavailable;
    default:
      return strings.connecting;
  }
}

/**
 * The chat panel: a non-modal dialog named by its header. Opening it puts the focus in the
 * Message box; Escape closes it (the caller returns focus to the launcher).
 * @example <ChatPanel title="Fernhill" connection="connected" items={[]} ... />
 */
export function ChatPanel(props: ChatPanelProps) {
  const { strings } = props;
  const input = useRef<HTMLTextAreaElement | null>(null);
  const startButton = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    (input.current ?? startButton.current)?.focus();
  }, []);

  const wasEnded = useRef(props.ended);
  useEffect(() => {
    // After "Start a new conversation" the fresh composer takes the focus.
    if (wasEnded.current && !props.ended) input.current?.focus();
    wasEnded.current = props.ended;
  }, [props.ended]);

  return (
    <div
      ref={props.panelRef}
      class="panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="sb-title"
      aria-describedby="sb-status"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div class="header">
        <div class="header-text">
          <h2 class="title" id="sb-title">
            {props.title}
          </h2>
          <p class="status" id="sb-status" data-state={props.connection}>
            {statusText(props.connection, strings)}
          </p>
        </div>
        <button
          type="button"
          class="icon-button"
          aria-label={strings.minimize}
          onClick={props.onClose}
        >
          <ChevronIcon />
        </button>
      </div>
      <MessageList
        items={props.items}
        greeting={props.greeting}
        strings={strings}
        formatTime={props.formatTime}
        onRetry={props.onRetry}
      />
      <TypingIndicator name={props.ended ? null : props.typingName} strings={strings} />
      {props.ended ? (
        <div class="ended">
          <button ref={startButton} type="button" class="primary" onClick={props.onStartNew}>
            {strings.startNew}
          </button>
        </div>
      ) : (
        <Composer
          strings={strings}
          onSend={props.onSend}
          onTyping={props.onTyping}
          inputRef={input}
        />
      )}
    </div>
  );
}
