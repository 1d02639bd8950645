import type { CustomerConversations } from '@switchboard/shared';
import type { CoreState } from '../core/types.js';
import type {
  CallbackStore,
  ConversationStore,
  VisitorRecord,
  VisitorStore,
} from '../store/types.js';

/** The store reads visitor queries make: the visitor, their conversations and callbacks. */
export interface VisitorReads {
  visitors: Pick<VisitorStore, 'getVisitor' | 'findVerifiedVisitor'>;
  conversations: Pick<ConversationStore, 'customerHistory'>;
  callbacks: Pick<CallbackStore, 'listCallbacks'>;
}

/** Most conversations, and most callbacks, a customer history carries. */
export const HISTORY_LIMIT = 50;

/**
 * Reads of visitors: their stored profile, the verified one behind a site's user id, and the
 * history an agent sees of them.
 * @example const visitors = createVisitorQueries({ visitors: store, conversations: store, callbacks: store })
 */
export function createVisitorQueries(reads: VisitorReads) {
  return {
    /**
     * The stored visitor, or null (a new visitor is stored at their first hello).
     * @example await visitors.byId('vis_1')
     */
    byId(visitorId: string): Promise<VisitorRecord | null> {
      return reads.visitors.getVisitor(visitorId);
    },

    /**
     * The verified visitor of a site with this user id, or null (unverified claims never match).
     * @example await visitors.verified('demo', 'user-42')
     */
    verified(siteId: string, userId: string): Promise<VisitorRecord | null> {
      return reads.visitors.findVerifiedVisitor(siteId, userId);
    },

    /**
     * The answer to an agent's `customer.history`: the visitor's conversations and callbacks,
     * each newest first (at most `HISTORY_LIMIT` of each); an open callback as the core has it now.
     * @example (await visitors.customerHistory(state, 'vis_1')).conversations
     */
    async customerHistory(
      state: Pick<CoreState, 'callbacks'>,
      visitorId: string,
    ): Promise<CustomerConversations> {
      const [conversations, stored] = await Promise.all([
        reads.conversations.customerHistory(visitorId, HISTORY_LIMIT),
        reads.callbacks.listCallbacks({ visitorId, limit: HISTORY_LIMIT }),
      ]);
      // The core's copy of an open callback is the current one.
      const callbacks = stored.map((c) => state.callbacks.get(c.id) ?? c);
      return {
        type: 'customer.conversations',
        visitorId,
        conversations,
        ...(callbacks.length > 0 ? { callbacks } : {}),
      };
    },
  };
}

/** The visitor reads, as `createVisitorQueries` makes them. */
export type VisitorQueries = ReturnType<typeof createVisitorQueries>;
