import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';

/** The site every relay serves when none is configured, so the demo page works out of the box. */
export const DEMO_SITE = {
  id: 'demo',
  name: 'Fernhill Outfitters',
  greeting:
    'Hi! Questions about an order, a return or our gear? We usually reply in a few minutes.',
  color: '#1f6f5c',
  origins: [] as string[],
} as const;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const origin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  },
  { error: 'must be an origin like https://shop.example (scheme, host and port; no path)' },
);

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'must be an http(s) URL like https://chat.example.com' },
);

const Site = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters: a-z, 0-9, "-" or "_"'),
  name: z.string().min(1, 'must not be empty').max(300),
  origins: z.array(origin).default([]),
  greeting: z.string().max(1000).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6f5c')
    .optional(),
});

const Agent = z.strictObject({
  email: z.email('must be an email address').max(254),
  name: z.string().min(1, 'must not be empty').max(300),
  passwordHash: z
    .string()
    .regex(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/,
      'must be a hash printed by `switchboard hash-password`',
    ),
  role: z.enum(['agent', 'supervisor']).default('agent'),
});

/** The configuration schema: what a config file may hold, after env variables are merged in. */
export const ConfigSchema = z
  .strictObject({
    port: z
      .number({ error: 'must be a whole number from 0 to 65535' })
      .int('must be a whole number from 0 to 65535')
      .min(0, 'must be a whole number from 0 to 65535')
      .max(65535, 'must be a whole number from 0 to 65535')
      .default(8080),
    host: z.string().min(1, 'must not be empty').default('0.0.0.0'),
    dataDir: z.string().min(1, 'must not be empty').default('./data'),
    publicUrl: httpUrl.optional(),
    /** Token-signing secret; only from `SWITCHBOARD_SECRET`, never from a file in the repo. */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
    sites: z.array(Site).default([]),
    agents: z.array(Agent).default([]),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    sqlite: z
      .strictObject({ synchronous: z.enum(['full', 'normal']).default('full') })
      .default({ synchronous: 'full' }),
  })
  .superRefine((config, ctx) => {
    const seenSites = new Set<string>();
    config.sites.forEach((site, i) => {
      if (seenSites.has(site.id))
        ctx.addIssue({ code: 'custom', path: ['sites', i, 'id'], message: 'is used twice' });
      seenSites.add(site.id);
    });
    const seenEmails = new Set<string>();
    config.agents.forEach((agent, i) => {
      const email = agent.email.toLowerCase();
      if (seenEmails.has(email))
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'email'], message: 'is used twice' });
      seenEmails.add(email);
    });
  });

/** What `createRelay` accepts: every field optional, defaults applied. */
export type ConfigInput = z.input<typeof ConfigSchema>;

/** A site as configured: id, display name, allowed origins, widget settings. */
export type SiteConfig = z.output<typeof Site>;
/** An agent as configured. */
export type AgentConfig = z.output<typeof Agent>;

/**
 * The validated configuration. `dataDir` is absolute; `sites` has at least one entry; `publicUrl`
 * (the relay's URL when it sits behind a proxy) has no trailing slash.
 */
export type Config = z.output<typeof ConfigSchema>;

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
  options: { cwd?: string; fromEnv?: ReadonlySet<string> } = {},
): Config {
  const result = ConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues, options.fromEnv ?? new Set()));
  const config = result.data;
  return {
    ...config,
    dataDir: resolve(options.cwd ?? process.cwd(), config.dataDir),
    publicUrl: config.publicUrl?.replace(/\/+$/, ''),
    sites: config.sites.length > 0 ? config.sites : [{ ...DEMO_SITE, origins: [] }],
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
  if (env.SWITCHBOARD_DATA_DIR) set('dataDir', env.SWITCHBOARD_DATA_DIR);
  if (env.SWITCHBOARD_SECRET) set('secret', env.SWITCHBOARD_SECRET);
  if (env.SWITCHBOARD_PUBLIC_URL) set('publicUrl', env.SWITCHBOARD_PUBLIC_URL);
  if (env.LOG_LEVEL) set('logLevel', env.LOG_LEVEL.toLowerCase());
  if ('secret' in raw && !fromEnv.has('secret')) {
    throw new ConfigError(
      'Invalid configuration:\n  - secret: set it with the SWITCHBOARD_SECRET environment variable, not in the config file',
    );
  }
  return parseConfig(raw as ConfigInput, { cwd, fromEnv });
}
