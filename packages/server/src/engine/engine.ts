import { errorFrame } from '@switchboard/shared';
import type { Logger } from 'pino';
import { lookupsFor, reduce, stateFromConversations } from '../core/reduce.js';
import type {
  Command,
  CoreContext,
  CoreState,
  Effect,
  ReplyEffect,
  SendEffect,
} from '../core/types.js';
import { newId as defaultNewId } from '../ids.js';
import type { Store } from '../store/types.js';
import { createSerialQueue } from './serial-queue.js';

/** Where pushes go once a command is persisted: the transport, or a test's recorder. */
export type Deliver = (sends: SendEffect[]) => void;

/** The core wired to a store: every command and every consistent read goes through one queue. */
export interface Engine {
  /** Load the open conversations from the store. Queued first; call once. */
  start(): Promise<void>;
  /**
   * Run a command: read what it needs, reduce, persist (one transaction), then commit the state
   * and deliver its pushes and reply. On a store failure the state is kept and the reply is
   * `INTERNAL`. Resolves when delivered.
   */
  dispatch(command: Command, reply: (frame: ReplyEffect['frame']) => void): Promise<void>;
  /** Run `step` between commands, with the current state (for reads that must see no gap). */
  read<T>(step: (state: CoreState) => Promise<T> | T): Promise<T>;
  /** The current state (committed commands only). */
  readonly state: CoreState;
  /** Resolves once everything queued so far has run. */
  idle(): Promise<void>;
}

export interface EngineOptions {
  store: Store;
  deliver: Deliver;
  now?: () => number;
  newId?: CoreContext['newId'];
  logger?: Pick<Logger, 'error'>;
}

/**
 * Create the engine. Pushes happen inside the serial step, so frames leave in commit order.
 * @example const engine = createEngine({ store, deliver: transport.deliver }); await engine.start()
 */
export function createEngine(options: EngineOptions): Engine {
  const { store, deliver } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? defaultNewId;
  const queue = createSerialQueue();
  let state: CoreState = stateFromConversations([]);

  async function withLookups(command: Command): Promise<Command> {
    const needed = lookupsFor(state, command);
    const [duplicate, stored] = await Promise.all([
      needed.clientId ? store.findClientId(needed.clientId.actor, needed.clientId.clientId) : null,
      needed.conversationId ? store.getConversation(needed.conversationId) : null,
    ]);
    return { ...command, duplicate, stored };
  }

  return {
    get state() {
      return state;
    },

    start: () =>
      queue.run(async () => {
        state = stateFromConversations(await store.loadOpenConversations());
      }),

    dispatch(command, reply) {
      return queue.run(async () => {
        let effects: Effect[];
        let next: CoreState;
        try {
          const full = await withLookups(command);
          ({ state: next, effects } = reduce(state, full, { now: now(), newId }));
          // A persist effect is an AppendBatch: one transaction per command.
          for (const effect of effects) if (effect.type === 'persist') await store.append(effect);
        } catch (error) {
          // Logged once, here, where it is handled; the client learns nothing was changed.
          options.logger?.error(
            { err: error, command: command.type },
            'command failed; state kept',
          );
          reply(errorFrame('INTERNAL'));
          return;
        }
        state = next;
        const sends = effects.filter((e): e is SendEffect => e.type === 'send');
        const answer = effects.find((e): e is ReplyEffect => e.type === 'reply');
        deliver(sends);
        reply(answer?.frame ?? errorFrame('INTERNAL'));
      });
    },

    read: (step) => queue.run(() => step(state)),
    idle: () => queue.idle(),
  };
}
