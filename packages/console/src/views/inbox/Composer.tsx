import { type CannedResponse, LIMITS } from '@switchboard/shared';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { en } from '../../i18n/en.js';
import { cannedMatches } from '../../store/selectors.js';
import type { ComposeMode } from '../../store/state.js';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Used to give the textarea a unique id per conversation. */
  conversationId: string;
  value: string;
  onChange(text: string): void;
  onSend(text: string, mode: ComposeMode): void;
  /** Called on each keystroke that changes the reply (the client throttles); never for notes. */
  onTyping(): void;
  /** Called when the textarea loses focus. */
  onStopTyping(): void;
  mode: ComposeMode;
  onMode(mode: ComposeMode): void;
  /** Supervisors may whisper. */
  canWhisper: boolean;
  /** Canned responses, inserted by typing `/shortcut`. */
  canned: readonly CannedResponse[];
}

/** A `/word` being typed just before the caret: where its `/` is and what follows it. */
interface Token {
  start: number;
  query: string;
}

/** The `/shortcut` that ends at the caret, if the `/` starts a word. */
function tokenAt(text: string, caret: number): Token | null {
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

const MODES: readonly ComposeMode[] = ['reply', 'note', 'whisper'];

/**
 * The reply box: a mode switch (Reply, Note, and Whisper for supervisors), Enter sends,
 * Shift+Enter adds a line; IME composition is left alone. Typing `/` at the start of a word opens
 * the canned responses filtered by shortcut: Up/Down move, Enter or Tab insert, Escape closes;
 * `/shortcut` followed by Space inserts too.
 * @example <Composer conversationId={id} value={draft} mode="reply" canned={canned} ... />
 */
export function Composer(props: ComposerProps) {
  const { conversationId, value, onChange, onSend, onTyping, onStopTyping, mode } = props;
  const id = `reply-${conversationId}`;
  const listId = `${id}-canned`;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const caretRef = useRef<number | null>(null);
  const [token, setToken] = useState<Token | null>(null);
  const [active, setActive] = useState(0);
  const matches = token ? cannedMatches(props.canned, token.query) : [];
  const menuOpen = matches.length > 0;
  const canSend = value.trim().length > 0;
  const label =
    mode === 'note'
      ? en.conversation.noteLabel
      : mode === 'whisper'
        ? en.conversation.whisperLabel
        : en.conversation.reply;

  // Put the caret after inserted text once the new value is rendered.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (input && caretRef.current !== null) {
      input.setSelectionRange(caretRef.current, caretRef.current);
      caretRef.current = null;
    }
  });

  const submit = () => {
    if (!canSend) return;
    onSend(value, mode);
    onChange('');
    setToken(null);
  };

  /** Replace the `/query` token (up to `end`) with the canned text, plus `after`. */
  const insert = (canned: CannedResponse, from: Token, end: number, after = '') => {
    const text = `${value.slice(0, from.start)}${canned.text}${after}${value.slice(end)}`;
    caretRef.current = from.start + canned.text.length + after.length;
    setToken(null);
    onChange(text);
  };

  return (
    <form
      class={`composer composer--${mode}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div class="composer__modes" role="radiogroup" aria-label={en.conversation.mode}>
        {MODES.filter((m) => m !== 'whisper' || props.canWhisper).map((m) => (
          <label key={m} class={`composer__mode${m === mode ? ' composer__mode--on' : ''}`}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={m}
              checked={m === mode}
              onChange={() => props.onMode(m)}
            />
            {en.conversation.modes[m]}
          </label>
        ))}
      </div>
      {menuOpen && (
        <div id={listId} class="canned" role="listbox" aria-label={en.canned.label}>
          {matches.map((c, index) => (
            <div
              key={c.id}
              id={`${listId}-${c.id}`}
              class={`canned__option${index === active ? ' canned__option--active' : ''}`}
              role="option"
              // The focus stays in the textarea, which points here with aria-activedescendant.
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(event) => {
                // Keep the focus in the textarea.
                event.preventDefault();
                if (token) insert(c, token, inputRef.current?.selectionEnd ?? value.length);
              }}
            >
              <span class="canned__shortcut">/{c.shortcut}</span>
              <span class="canned__title">{c.title}</span>
            </div>
          ))}
        </div>
      )}
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <textarea
        ref={inputRef}
        id={id}
        class="composer__input"
        rows={3}
        maxLength={LIMITS.messageChars}
        aria-describedby={`${id}-hint`}
        aria-controls={menuOpen ? listId : undefined}
        aria-activedescendant={menuOpen ? `${listId}-${matches[active]?.id}` : undefined}
        placeholder={label}
        value={value}
        onInput={(event) => {
          const input = event.currentTarget;
          const text = input.value;
          const caret = input.selectionEnd ?? text.length;
          // `/refund` then Space: the shortcut is complete, insert it.
          const typed = /(^|\s)\/([a-z0-9_-]+) $/i.exec(text.slice(0, caret));
          const exact = typed && props.canned.find((c) => c.shortcut === typed[2]?.toLowerCase());
          if (typed && exact) {
            const start = caret - exact.shortcut.length - 2;
            caretRef.current = start + exact.text.length + 1;
            setToken(null);
            onChange(`${text.slice(0, start)}${exact.text} ${text.slice(caret)}`);
            if (mode === 'reply') onTyping();
            return;
          }
          const next = tokenAt(text, caret);
          if (next?.start !== token?.start || next?.query !== token?.query) setActive(0);
          setToken(next);
          onChange(text);
          if (text.trim() && mode === 'reply') onTyping();
        }}
        onKeyDown={(event) => {
          if (menuOpen && token) {
            const chosen = matches[active];
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActive((active + step + matches.length) % matches.length);
              return;
            }
            if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
              if (event.isComposing || !chosen) return;
              event.preventDefault();
              insert(chosen, token, event.currentTarget.selectionEnd ?? value.length);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setToken(null);
              return;
            }
          }
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
        onBlur={() => {
          setToken(null);
          onStopTyping();
        }}
      />
      <div class="composer__bar">
        <span id={`${id}-hint`} class="composer__hint">
          {mode === 'reply' ? en.conversation.replyHint : en.conversation.noteHint}
        </span>
        <button class="button button--primary" type="submit" disabled={!canSend}>
          {en.conversation.send}
        </button>
      </div>
    </form>
  );
}
