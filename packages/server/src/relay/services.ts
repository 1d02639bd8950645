// The services a relay is built on, opened in order: logger, signing secret, store, agent
// directory, webhook dispatcher, site identities. Each may refuse a bad setup with a ConfigError.
import type { Logger } from 'pino';
import { type AgentDirectory, createAgentDirectory } from '../auth/agents.js';
import { loadSecret } from '../auth/signing-secret.js';
import { createTokenSigner, type TokenSigner } from '../auth/tokens.js';
import type { SiteIdentity } from '../auth/user-hash.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import type { Store } from '../store/types.js';
import {
  createWebhookDispatcher,
  DEFAULT_BACKOFF_MS,
  type WebhookDispatcher,
} from '../webhooks/dispatcher.js';
import { resolveIdentities, resolveWebhooks } from './secrets.js';
import { openStore } from './store.js';

/** What the caller may bring instead of the defaults (see `RelayOptions`). */
export interface ServiceOptions {
  logger?: Logger;
  store?: Store;
  env?: NodeJS.ProcessEnv;
  webhookBackoffMs?: readonly number[];
}

export interface RelayServices {
  logger: Logger;
  signer: TokenSigner;
  store: Store;
  agents: AgentDirectory;
  webhooks: WebhookDispatcher;
  identities: Map<string, SiteIdentity>;
}

/**
 * Open a relay's services for a validated configuration.
 * @example const { store, agents } = openServices(config, { env: process.env })
 */
export function openServices(config: Config, options: ServiceOptions): RelayServices {
  const logger = options.logger ?? createLogger(config.logLevel);
  const signer = createTokenSigner(loadSecret(config.dataDir, config.secret));
  const store = openStore(config, options.store, logger);
  const agents = createAgentDirectory({ store, signer, configured: config.agents });
  const webhooks = createWebhookDispatcher({
    store,
    webhooks: resolveWebhooks(config, options.env ?? process.env),
    logger,
    backoffMs: options.webhookBackoffMs ?? DEFAULT_BACKOFF_MS,
  });

  const identities = resolveIdentities(config, options.env ?? process.env);
  return { logger, signer, store, agents, webhooks, identities };
}
