import { useEffect, useState } from 'preact/hooks';
import type { CallbackFormProps } from '../callback/CallbackForm.js';

type FormModule = typeof import('../callback/CallbackForm.js');

let loading: Promise<FormModule> | null = null;

/**
 * Fetch the callback form's chunk (libphonenumber-js included) once; a failed load is tried
 * again next time. Also called ahead of need, so opening the form is instant.
 * @example void loadCallbackForm()
 */
export function loadCallbackForm(): Promise<FormModule> {
  loading ??= import('../callback/CallbackForm.js').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Where the lazy callback form renders: "Loading…" until its chunk has arrived, then the form.
 * @example <CallbackPane request={{ mode: 'request' }} settings={site.callback} ... />
 */
export function CallbackPane(props: CallbackFormProps) {
  const [form, setForm] = useState<FormModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    loadCallbackForm().then(
      (module) => live && setForm(() => module),
      (error: unknown) => {
        console.error('[Switchboard] the callback form did not load', error);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (form) return <form.CallbackForm {...props} />;
  const { strings } = props;
  return (
    <div class="callback">
      <button type="button" class="link-button" onClick={props.onClose}>
        {strings.back}
      </button>
      <h3 class="callback-title">{strings.callbackTitle}</h3>
      {failed ? (
        <p class="field-error" role="alert">
          {strings.loadFailed}{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
          >
            {strings.tryAgain}
          </button>
        </p>
      ) : (
        <p class="queue-line">{strings.loading}</p>
      )}
    </div>
  );
}
