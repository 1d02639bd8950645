import type { CoreCatalog } from '../i18n/en.js';

/**
 * "<name> is typing…" with three bouncing dots; an empty row otherwise, so the layout does not
 * jump when it appears.
 * @example <TypingIndicator name="Ada" strings={en} />
 */
export function TypingIndicator({ name, strings }: { name: string | null; strings: CoreCatalog }) {
  return (
    <div class="typing">
      {name && (
        <>
          <span class="dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{strings.typing(name)}</span>
        </>
      )}
    </div>
  );
}
