import type { CallbackFormProps } from '../callback/CallbackForm.js';
import { ChunkStatus, createChunkLoader, useChunk } from './lazy-chunk.js';

/**
 * Fetch the callback form's chunk (libphonenumber-js included) once; a failed load is tried
 * again next time. Also called ahead of need, so opening the form is instant.
 * @example void loadCallbackForm()
 */
export const loadCallbackForm = createChunkLoader(() => import('../callback/CallbackForm.js'));

/**
 * Where the lazy callback form renders: "Loading…" until its chunk has arrived, then the form.
 * @example <CallbackPane request={{ mode: 'request' }} settings={site.callback} ... />
 */
export function CallbackPane(props: CallbackFormProps) {
  const chunk = useChunk(loadCallbackForm, 'the callback form');
  if (chunk.module) return <chunk.module.CallbackForm {...props} />;
  return (
    <div class="callback">
      <button type="button" class="link-button" onClick={props.onClose}>
        {props.strings.back}
      </button>
      <h3 class="callback-title">{props.strings.callbackTitle}</h3>
      <ChunkStatus chunk={chunk} strings={props.strings} />
    </div>
  );
}
