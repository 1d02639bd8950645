import type { Config } from '../config.js';
import type { DirectoryStore } from '../store/types.js';
import { createAgentQueries } from './agents.js';
import { type CallbackReads, createCallbackQueries } from './callbacks.js';
import { type ConversationReads, createConversationQueries } from './conversations.js';
import { createDeliveryQueries } from './deliveries.js';
import { createQaReviewQueries } from './qa-reviews.js';
import {
  createReportQueries,
  type ReportConfig,
  type ReportQueryOptions,
  type ReportReads,
} from './reports.js';
import { createVisitorQueries, type VisitorReads } from './visitors.js';

/** Every store read the read side makes: the narrow parts of each port it uses. */
export type ReadPorts = ConversationReads &
  CallbackReads &
  ReportReads &
  VisitorReads['visitors'] &
  VisitorReads['conversations'] &
  Pick<DirectoryStore, 'findAgentByEmail'> &
  Parameters<typeof createDeliveryQueries>[0] &
  Parameters<typeof createQaReviewQueries>[0]['store'];

export interface ReadSideOptions {
  store: ReadPorts;
  config: ReportConfig & Pick<Config, 'qa'>;
  state: ReportQueryOptions['state'];
  faq: ReportQueryOptions['faq'];
  now?: () => number;
}

/**
 * The relay's read side, one group per area, for the socket and the HTTP API alike: what is open
 * comes from the core's state (passed in), the rest from the store's ports.
 * @example const reads = createReadSide({ store, config, state: () => engine.state, faq: () => faq })
 */
export function createReadSide(options: ReadSideOptions) {
  const { store, config } = options;
  return {
    conversations: createConversationQueries(store),
    callbacks: createCallbackQueries(store),
    visitors: createVisitorQueries({ visitors: store, conversations: store, callbacks: store }),
    agents: createAgentQueries(store),
    deliveries: createDeliveryQueries(store),
    reports: createReportQueries({
      store,
      config,
      state: options.state,
      faq: options.faq,
      ...(options.now ? { now: options.now } : {}),
    }),
    reviews: createQaReviewQueries({ store, criteria: config.qa.criteria }),
  };
}

/** The read side, as `createReadSide` makes it. */
export type ReadSide = ReturnType<typeof createReadSide>;
