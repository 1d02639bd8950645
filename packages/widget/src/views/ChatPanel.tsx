import type { PrechatAnswers } from '@switchboard/shared';
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Catalog } from '../i18n/en.js';
import type {
  AlternativeChoice,
  AlternativesView,
  ChatItem,
  ConnectionStatus,
  PrechatErrors,
  PrechatForm as PrechatFormConfig,
  QueueView,
} from '../store/chat-store.js';
import { Composer } from './Composer.js';
import { ChevronIcon } from './icons.js';
import { MessageList } from './MessageList.js';
import { PrechatForm, type PrechatValues } from './PrechatForm.js';
import { QueueCard } from './QueueCard.js';
import { TypingIndicator } from './TypingIndicator.js';

/** Props of {@link ChatPanel}. */
export interface ChatPanelProps {
  title: string;
  connection: ConnectionStatus;
  greeting: string | null;
  items: ChatItem[];
  typingName: string | null;
  ended: boolean;
  queue: QueueView | null;
  alternatives: AlternativesView | null;
  deferred: boolean;
  /** The pre-chat form to show above the composer, if any. */
  prechat: PrechatFormConfig | null;
  strings: Catalog;
  formatTime: (at: number) => string;
  /** Formats the next opening (weekday and time). */
  formatOpening: (at: number) => string;
  onClose: () => void;
  /** Returns the pre-chat errors when the message was refused for them, else null. */
  onSend: (text: string, prechat?: PrechatAnswers) => PrechatErrors | null;
  onDefer: () => void;
  onAlternative: (kind: AlternativeChoice['kind']) => void;
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

  const [values, setValues] = useState<PrechatValues>({ name: '', email: '', topic: '' });
  const [errors, setErrors] = useState<PrechatErrors>({});
  const [attempt, setAttempt] = useState(0);
  const send = (text: string): boolean => {
    const refused = props.onSend(text, props.prechat ? values : undefined);
    if (refused) {
      setErrors(refused);
      setAttempt((n) => n + 1);
      return false;
    }
    setErrors({});
    return true;
  };

  useEffect(() => {
    // "Leave a message" is gone once it worked: keep the focus in the panel, where they can write.
    if (props.deferred) input.current?.focus();
  }, [props.deferred]);

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
      <QueueCard
        queue={props.queue}
        alternatives={props.alternatives}
        deferred={props.deferred}
        strings={strings}
        formatOpening={props.formatOpening}
        onDefer={props.onDefer}
        onAlternative={props.onAlternative}
      />
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
        <>
          {props.prechat && (
            <PrechatForm
              form={props.prechat}
              values={values}
              errors={errors}
              attempt={attempt}
              strings={strings}
              onChange={(field, value) => {
                setValues((v) => ({ ...v, [field]: value }));
                setErrors(({ [field]: _cleared, ...rest }) => rest);
              }}
            />
          )}
          <Composer strings={strings} onSend={send} onTyping={props.onTyping} inputRef={input} />
        </>
      )}
    </div>
  );
}
