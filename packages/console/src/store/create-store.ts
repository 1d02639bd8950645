import { type ConsoleAction, reduce } from './reduce.js';
import { type ConsoleState, createInitialState } from './state.js';

/** A tiny observable container around {@link reduce}. */
export interface ConsoleStore {
  getState(): ConsoleState;
  dispatch(action: ConsoleAction): void;
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: (state: ConsoleState) => void): () => void;
}

/**
 * Make a store. Listeners run after each change; one that throws is reported and does not stop
 * the others.
 * @example const store = createConsoleStore(); store.subscribe(render)
 */
export function createConsoleStore(initial: ConsoleState = createInitialState()): ConsoleStore {
  let state = initial;
  const listeners = new Set<(state: ConsoleState) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) {
        try {
          listener(state);
        } catch (error) {
          console.error('[switchboard] a console store listener failed', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
