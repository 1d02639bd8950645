// The relay's configuration: the schema (by area, in config/), loading and validation. Everything
// the rest of the server needs is exported from here.

export {
  API_SCOPES,
  type ApiKeyConfig,
  type ApiScope,
  DEFAULT_LIMITS,
  type LimitsConfig,
  type WebhookConfig,
} from './config/access.js';
export { ConfigError, loadConfig, parseConfig } from './config/load.js';
export { type Config, type ConfigInput, ConfigSchema } from './config/schema.js';
export type {
  PrechatConfig,
  SiteCallbackConfig,
  SiteConfig,
  ThemeConfig,
  TriggerConfig,
} from './config/site.js';
export {
  type AgentConfig,
  type CannedConfig,
  DEFAULT_DISPOSITIONS,
  DEFAULT_QA_CRITERIA,
  type DepartmentConfig,
  GENERAL_DEPARTMENT_ID,
} from './config/team.js';
