import { LIMITS } from '@switchboard/shared';
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { SendIcon } from './icons.js';

/** Props of {@link Composer}. */
export interface ComposerProps {
  strings: CoreCatalog;
  /** Returns false when the message was not taken (the text stays in the box). */
  onSend: (text: string) => boolean | undefined;
  onTyping: (typing: boolean) => void;
  /** The text changed (also to empty, after sending). */
  onText?: (text: string) => void;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/** Show the character counter once fewer than this many remain. @default 500 */
export const COUNTER_THRESHOLD = 500;
const MAX_HEIGHT_PX = 136;

/**
 * The message box: Enter sends, Shift+Enter is a newline, grows up to about five lines. The Send
 * button is disabled while there is nothing to send.
 * @example <Composer strings={en} onSend={send} onTyping={setTyping} />
 */
export function Composer({ strings, onSend, onTyping, onText, inputRef }: ComposerProps) {
  const [text, setText] = useState('');
  const local = useRef<HTMLTextAreaElement | null>(null);
  const empty = text.trim().length === 0;
  const left = LIMITS.messageChars - text.length;

  useLayoutEffect(() => {
    // Grow with the text (CSSOM, which a strict CSP allows, unlike style attributes).
    const el = local.current;
    if (!el) return;
    el.style.height = 'auto';
    if (el.scrollHeight > 0) el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = () => {
    if (empty) return;
    const taken = onSend(text);
    onTyping(false);
    if (taken !== false) {
      setText('');
      onText?.('');
    }
  };

  const setRefs = (el: HTMLTextAreaElement | null) => {
    local.current = el;
    if (typeof inputRef === 'function') inputRef(el);
    else if (inputRef) inputRef.current = el;
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div class="composer-row">
        <textarea
          ref={setRefs}
          class="input"
          aria-label={strings.message}
          placeholder={strings.placeholder}
          rows={1}
          maxLength={LIMITS.messageChars}
          value={text}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            onText?.(value);
            onTyping(value.trim().length > 0);
          }}
          onBlur={() => onTyping(false)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" class="send" aria-label={strings.send} disabled={empty}>
          <SendIcon />
        </button>
      </div>
      {left <= COUNTER_THRESHOLD && (
        <span class="counter" aria-live="polite" data-over={left <= 0 ? '' : undefined}>
          {strings.charsLeft(Math.max(0, left))}
        </span>
      )}
    </form>
  );
}
