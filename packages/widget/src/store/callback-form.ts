import type { Session } from '../client/session.js';
import type { CallbackFormRequest, ChatViewState } from './types.js';

/** What views and the page can do with the callback form. */
export interface CallbackFormActions {
  /** Open the form for a new request; `prefill` (from the page) wins over the pre-chat answers. */
  openCallback(prefill?: { name?: string; phone?: string; note?: string }): void;
  /** Open the slot picker for a new time of this callback ("Change time"). */
  changeCallbackTime(callbackId: string): void;
  /** Close the callback form ("Back", "Done"). */
  closeCallback(): void;
  /** "Call me back" from the queue card: a request linked to the conversation, from its answers. */
  callbackFromQueue(conversationId: string): void;
}

/** What the callback form part needs from its chat store. */
export interface CallbackFormContext {
  session: Session;
  /** The store's current view state (the article being read names the request's note). */
  state: () => ChatViewState;
  /** Close the open article (the form replaces it). */
  closeArticle: () => void;
  /** Re-derive and publish the store's state. */
  publish: () => void;
}

/**
 * The callback form's state of the chat store (a lazy chunk, `loadStoreFeatures`): which form is
 * open (a new request, prefilled, or a new time for one) and the actions that open and close it.
 * @example const form = createCallbackForm({ session, state, closeArticle, publish });
 */
export function createCallbackForm({ session, state, closeArticle, publish }: CallbackFormContext) {
  let form: CallbackFormRequest | null = null;
  const show = (next: CallbackFormRequest | null) => {
    form = next;
    publish();
  };
  const actions: CallbackFormActions = {
    openCallback(prefill = {}) {
      const reading = state().faq.article?.view;
      closeArticle();
      const { name: answered, topic } = session.getState().prechat ?? {};
      // Views pass this as a click handler: only string fields count as a prefill.
      const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      const name = text(prefill.name) ?? answered;
      show({
        mode: 'request',
        ...(name ? { name } : {}),
        ...(topic ? { topic } : {}),
        ...(text(prefill.phone) ? { phone: prefill.phone } : {}),
        ...(text(prefill.note) ? { note: prefill.note } : {}),
        ...(reading ? { article: { id: reading.id, title: reading.title } } : {}),
      });
    },
    changeCallbackTime(callbackId) {
      const callback = session.getState().callbacks.find((c) => c.id === callbackId);
      if (callback) show({ mode: 'reschedule', callback });
    },
    closeCallback: () => show(null),
    callbackFromQueue(conversationId) {
      const { name, topic } = session.getState().prechat ?? {};
      show({
        mode: 'request',
        conversationId,
        ...(name ? { name } : {}),
        ...(topic ? { topic } : {}),
      });
    },
  };
  return {
    actions,
    /** The open form, if any. */
    form: () => form,
  };
}
