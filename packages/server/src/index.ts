export { type AgentDirectory, createAgentDirectory } from './auth/agents.js';
export { hashPassword, verifyPassword } from './auth/password.js';
export { loadSecret } from './auth/signing-secret.js';
export { AGENT_TOKEN_TTL_MS, createTokenSigner, type TokenSigner } from './auth/tokens.js';
export {
  type AgentConfig,
  type Config,
  ConfigError,
  type ConfigInput,
  loadConfig,
  parseConfig,
  type SiteConfig,
} from './config.js';
export { availabilityFor, callbackView } from './core/callbacks.js';
export { actorKey, emptyState, lookupsFor, reduce, stateFromConversations } from './core/reduce.js';
export { isOverdue, nextAttempt } from './core/retry.js';
export { type CallbackSettings, callbackSettings, callbackSlots } from './core/slots.js';
export type {
  Actor,
  AgentActor,
  Command,
  CoreContext,
  CoreState,
  Effect,
  Reduction,
  Target,
  VisitorActor,
} from './core/types.js';
export { DEMO_AGENT, DEMO_AGENTS } from './demo/agents.js';
export { DEMO_SITE } from './demo/site.js';
export { createEngine, type Engine } from './engine/engine.js';
export { createApiKey, hashApiKey } from './http/api-v1.js';
export { createHttpHandler, type HttpHandler } from './http/handler.js';
export { createLogger } from './logger.js';
export { maskPhone, parsePhone, phoneCountry } from './policy/phone.js';
export { createRelay, DATABASE_FILE, type Relay, type RelayOptions } from './relay.js';
export { createMemoryStore } from './store/memory.js';
export { openSqliteStore } from './store/sqlite.js';
export type {
  AgentRecord,
  AppendBatch,
  ClientIdRecord,
  Store,
  VisitorRecord,
  WebhookDeliveryRecord,
} from './store/types.js';
export { SIGNATURE_HEADER, signatureHeader, verifySignature } from './webhooks/sign.js';
