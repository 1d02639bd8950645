import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as z from 'zod';
import {
  DEMO_CALLBACK,
  DEMO_CANNED,
  DEMO_CONTENT_DIR,
  DEMO_DEPARTMENTS,
  DEMO_PRECHAT,
  DEMO_SITE,
  DEMO_THEME,
  DEMO_TRIGGERS,
} from '../demo/site.js';
import { type Config, type ConfigInput, ConfigSchema } from './schema.js';
import { type PrechatConfig, SiteCallback } from './site.js';
import {
  type CannedConfig,
  Department,
  type DepartmentConfig,
  GENERAL_DEPARTMENT_ID,
} from './team.js';

/** A configuration that does not validate. The message names every field at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where each field came from, so an error can say "PORT" rather than "port". */
const ENV_NAMES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'SWITCHBOARD_DATA_DIR',
  secret: 'SWITCHBOARD_SECRET',
  publicUrl: 'SWITCHBOARD_PUBLIC_URL',
  logLevel: 'LOG_LEVEL',
  metrics: 'SWITCHBOARD_METRICS_TOKEN',
  trustProxy: 'SWITCHBOARD_TRUST_PROXY',
  serveSourceMaps: 'SWITCHBOARD_SERVE_SOURCE_MAPS',
  storage: 'DATABASE_URL',
  cluster: 'REDIS_URL / SWITCHBOARD_NODE_ID',
};

function formatIssues(issues: readonly z.core.$ZodIssue[], fromEnv: ReadonlySet<string>): string {
  const lines = issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // A typo in a key reads better as its own line than as "Unrecognized key(s) in object".
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  - ${[...path, key].join('.')}: is not a known setting`);
    }
    const top = path[0] ?? '';
    const source = fromEnv.has(top) ? ` (from ${ENV_NAMES[top]})` : '';
    return [`  - ${path.join('.') || '(config)'}${source}: ${issue.message}`];
  });
  return `Invalid configuration:\n${lines.join('\n')}`;
}

/**
 * Validate a configuration object and apply defaults. Throws `ConfigError` naming each bad field.
 * @example const config = parseConfig({ port: 0, dataDir: tmpDir })
 */
export function parseConfig(
  input: ConfigInput | Config = {},
  options: { cwd?: string; fromEnv?: ReadonlySet<string>; configDir?: string } = {},
): Config {
  const result = ConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues, options.fromEnv ?? new Set()));
  const config = result.data;
  const demo = config.agents.length === 0 && config.departments.length === 0;
  return {
    ...config,
    dataDir: resolve(options.cwd ?? process.cwd(), config.dataDir),
    publicUrl: config.publicUrl?.replace(/\/+$/, ''),
    sites:
      config.sites.length > 0
        ? config.sites.map((site) =>
            site.content
              ? {
                  ...site,
                  content: {
                    dir: resolve(
                      options.configDir ?? options.cwd ?? process.cwd(),
                      site.content.dir,
                    ),
                  },
                }
              : site,
          )
        : [
            {
              ...DEMO_SITE,
              origins: [],
              waitThresholdSec: 240,
              alternatives: [],
              callback: SiteCallback.parse(DEMO_CALLBACK),
              content: { dir: DEMO_CONTENT_DIR },
              theme: { ...DEMO_THEME },
              triggers: DEMO_TRIGGERS.map((t) => ({ ...t })),
              ...(demo
                ? {
                    prechat: structuredClone(DEMO_PRECHAT) as unknown as PrechatConfig,
                    defaultDepartmentId: 'orders',
                  }
                : {}),
            },
          ],
    departments:
      config.departments.length > 0
        ? config.departments
        : demo
          ? (structuredClone(DEMO_DEPARTMENTS) as unknown as DepartmentConfig[])
          : [
              {
                ...Department.parse({ id: GENERAL_DEPARTMENT_ID, name: 'General' }),
                agentIds: config.agents.map((a) => a.email.toLowerCase()),
              },
            ],
    canned:
      config.canned.length > 0 || !demo
        ? config.canned
        : (structuredClone(DEMO_CANNED) as unknown as CannedConfig[]),
  };
}

/** Read `--config <path>` or `--config=<path>` from CLI arguments. */
function configPathFromArgs(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (!next || next.startsWith('--')) throw new ConfigError('--config needs a file path.');
      return next;
    }
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Config file not found: ${path}`
        : `Cannot read config file ${path}: ${code ?? String(error)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${path} must hold a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Load the configuration: an optional JSON file (`--config <path>` or `SWITCHBOARD_CONFIG`), then
 * environment variables on top. Throws `ConfigError` with a readable message.
 * @example const config = loadConfig({ argv: process.argv.slice(2) })
 */
export function loadConfig(
  options: { argv?: readonly string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const filePath = configPathFromArgs(options.argv ?? []) ?? (env.SWITCHBOARD_CONFIG || undefined);
  const raw: Record<string, unknown> = filePath ? readConfigFile(resolve(cwd, filePath)) : {};

  const fromEnv = new Set<string>();
  const set = (key: string, value: unknown) => {
    raw[key] = value;
    fromEnv.add(key);
  };
  if (env.PORT !== undefined && env.PORT !== '') {
    set('port', /^\d+$/.test(env.PORT.trim()) ? Number(env.PORT.trim()) : env.PORT);
  }
  if (env.HOST) set('host', env.HOST);
  if (env.SWITCHBOARD_TRUST_PROXY !== undefined && env.SWITCHBOARD_TRUST_PROXY !== '') {
    const hops = env.SWITCHBOARD_TRUST_PROXY.trim();
    set('trustProxy', /^\d+$/.test(hops) ? Number(hops) : hops);
  }
  if (env.SWITCHBOARD_SERVE_SOURCE_MAPS !== undefined && env.SWITCHBOARD_SERVE_SOURCE_MAPS !== '') {
    const value = env.SWITCHBOARD_SERVE_SOURCE_MAPS.trim();
    // 1/true and 0/false; anything else reaches the schema and is refused with the variable's name.
    set(
      'serveSourceMaps',
      value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : value,
    );
  }
  if (env.SWITCHBOARD_DATA_DIR) set('dataDir', env.SWITCHBOARD_DATA_DIR);
  if (env.SWITCHBOARD_SECRET) set('secret', env.SWITCHBOARD_SECRET);
  if (env.SWITCHBOARD_PUBLIC_URL) set('publicUrl', env.SWITCHBOARD_PUBLIC_URL);
  if (env.LOG_LEVEL) set('logLevel', env.LOG_LEVEL.toLowerCase());
  if (env.SWITCHBOARD_METRICS_TOKEN) {
    const file = typeof raw.metrics === 'object' && raw.metrics !== null ? raw.metrics : {};
    set('metrics', { ...file, token: env.SWITCHBOARD_METRICS_TOKEN });
  }
  if (env.DATABASE_URL) {
    const file = typeof raw.storage === 'object' && raw.storage !== null ? raw.storage : {};
    set('storage', { ...file, url: env.DATABASE_URL.trim() });
  }
  if (env.REDIS_URL || env.SWITCHBOARD_NODE_ID) {
    const file = typeof raw.cluster === 'object' && raw.cluster !== null ? raw.cluster : {};
    set('cluster', {
      ...file,
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL.trim() } : {}),
      ...(env.SWITCHBOARD_NODE_ID ? { nodeId: env.SWITCHBOARD_NODE_ID.trim() } : {}),
    });
  }
  if ('secret' in raw && !fromEnv.has('secret')) {
    throw new ConfigError(
      'Invalid configuration:\n  - secret: set it with the SWITCHBOARD_SECRET environment variable, not in the config file',
    );
  }
  return parseConfig(raw as ConfigInput, {
    cwd,
    fromEnv,
    ...(filePath ? { configDir: dirname(resolve(cwd, filePath)) } : {}),
  });
}
