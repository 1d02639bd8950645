import { LIMITS } from '@switchboard/shared';
import { en } from '../i18n/en.js';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Used to give the textarea a unique id per conversation. */
  conversationId: string;
  value: string;
  onChange(text: string): void;
  onSend(text: string): void;
  /** Called on each keystroke that changes the text (the client throttles). */
  onTyping(): void;
  /** Called when the textarea loses focus. */
  onStopTyping(): void;
}

/**
 * The reply box: Enter sends, Shift+Enter adds a line; IME composition is left alone.
 * @example <Composer conversationId={id} value={draft} onChange={setDraft} onSend={send} ... />
 */
export function Composer(props: ComposerProps) {
  const { conversationId, value, onChange, onSend, onTyping, onStopTyping } = props;
  const id = `reply-${conversationId}`;
  const canSend = value.trim().length > 0;
  const submit = () => {
    if (!canSend) return;
    onSend(value);
    onChange('');
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for={id}>
        {en.conversation.reply}
      </label>
      <textarea
        id={id}
        class="composer__input"
        rows={3}
        maxLength={LIMITS.messageChars}
        aria-describedby={`${id}-hint`}
        placeholder={en.conversation.reply}
        value={value}
        onInput={(event) => {
          const text = event.currentTarget.value;
          onChange(text);
          if (text.trim()) onTyping();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
        onBlur={onStopTyping}
      />
      <div class="composer__bar">
        <span id={`${id}-hint`} class="composer__hint">
          {en.conversation.replyHint}
        </span>
        <button class="button button--primary" type="submit" disabled={!canSend}>
          {en.conversation.send}
        </button>
      </div>
    </form>
  );
}
