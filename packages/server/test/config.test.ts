import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_DISPOSITIONS,
  DEFAULT_QA_CRITERIA,
  loadConfig,
  parseConfig,
} from '../src/config.js';
import {
  DEMO_CANNED,
  DEMO_CONTENT_DIR,
  DEMO_DEPARTMENTS,
  DEMO_PRECHAT,
  DEMO_SITE,
  DEMO_THEME,
  DEMO_TRIGGERS,
} from '../src/demo/site.js';
import { siteRouting } from '../src/engine/load-state.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo';

function writeConfig(value: unknown): string {
  const path = join(dir, 'switchboard.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** The ConfigError message `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults, with the demo site and dataDir relative to cwd', () => {
    const config = loadConfig({ env: {}, argv: [], cwd: dir });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: join(dir, 'data'),
      metrics: {},
      sites: [
        {
          ...DEMO_SITE,
          waitThresholdSec: 240,
          alternatives: [],
          defaultDepartmentId: 'orders',
          prechat: DEMO_PRECHAT,
          content: { dir: DEMO_CONTENT_DIR },
          theme: DEMO_THEME,
          triggers: DEMO_TRIGGERS,
          callback: {
            consentText:
              "Fernhill Outfitters may call you on this number about your request. We won't use it for anything else.",
            defaultCountry: 'DE',
            hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
            slotMinutes: 30,
            daysAhead: 7,
            capacityPerSlot: 2,
            retry: { maxAttempts: 3, delayMinutes: 30 },
            cutOffAfterSec: 120,
            rateLimits: { perVisitorPerHour: 5, perIpPerHour: 10, perNumberPerDay: 3 },
          },
        },
      ],
      agents: [],
      logLevel: 'info',
      sqlite: { synchronous: 'full' },
      storage: {},
      cluster: { leaseTtlMs: 6000 },
      departments: DEMO_DEPARTMENTS,
      routing: { disconnectGraceSec: 60, abandonAfterSec: 90, defaultHandleSec: 300 },
      canned: DEMO_CANNED,
      webhooks: [],
      apiKeys: [],
      limits: {
        connectionsPerIp: 100,
        handshakesPerIpPerMinute: 300,
        messagesPerVisitorPerMinute: 30,
        messagesPerIpPerMinute: 300,
        framesPerSocketPerSecond: 20,
        openConversationsPerVisitor: 3,
        agentLoginsPerIpPerMinute: 10,
        searchesPerVisitorPerMinute: 120,
        searchesPerIpPerMinute: 600,
        agentLoginFailuresPerAccount: 5,
        agentLoginBackoffMaxSec: 30,
      },
      trustProxy: 0,
      dispositions: DEFAULT_DISPOSITIONS,
      serviceLevel: { targetSec: 20, goal: 0.8 },
      fcrWindowDays: 7,
      qa: { criteria: DEFAULT_QA_CRITERIA },
      serveSourceMaps: false,
    });
    expect(config.departments.map((d) => [d.id, d.name, d.skills])).toEqual([
      ['orders', 'Orders', []],
      ['tech', 'Technical support', ['tech']],
    ]);
    expect(config.sites[0]).toMatchObject({
      id: 'demo',
      name: 'Fernhill Outfitters',
      color: '#1f6f5c',
    });
  });

  it('reads env variables', () => {
    const config = loadConfig({
      cwd: dir,
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SWITCHBOARD_DATA_DIR: '/var/lib/switchboard',
        SWITCHBOARD_SECRET: 'sixteen chars at least',
        SWITCHBOARD_PUBLIC_URL: 'https://chat.example.com/',
        LOG_LEVEL: 'DEBUG',
      },
    });
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/var/lib/switchboard',
      secret: 'sixteen chars at least',
      publicUrl: 'https://chat.example.com',
      logLevel: 'debug',
    });
  });

  it('reads a file from --config or SWITCHBOARD_CONFIG, env on top', () => {
    const path = writeConfig({
      port: 9000,
      sites: [{ id: 'shop', name: 'Shop', origins: ['https://shop.example'] }],
      agents: [{ email: 'Maya@Example.com', name: 'Maya', passwordHash: HASH }],
      sqlite: { synchronous: 'normal' },
    });
    for (const options of [
      { argv: ['--config', path] },
      { argv: [`--config=${path}`] },
      { env: { SWITCHBOARD_CONFIG: path } },
    ]) {
      const config = loadConfig({ env: {}, cwd: dir, ...options });
      expect(config.port).toBe(9000);
      expect(config.sites).toEqual([
        {
          id: 'shop',
          name: 'Shop',
          origins: ['https://shop.example'],
          waitThresholdSec: 240,
          alternatives: [],
          theme: { position: 'right', offsetX: 20, offsetY: 20, mode: 'auto', sound: false },
          triggers: [],
        },
      ]);
      expect(config.agents).toEqual([
        {
          email: 'Maya@Example.com',
          name: 'Maya',
          passwordHash: HASH,
          role: 'agent',
          capacity: 3,
          skills: [],
          departmentIds: [],
        },
      ]);
      // Agents but no department: one "General" department with all of them.
      expect(config.departments).toMatchObject([
        {
          id: 'general',
          name: 'General',
          agentIds: ['maya@example.com'],
          strategy: 'longest-idle',
        },
      ]);
      expect(config.canned).toEqual([]);
      expect(config.sqlite.synchronous).toBe('normal');
    }
    expect(loadConfig({ argv: ['--config', path], env: { PORT: '1234' }, cwd: dir }).port).toBe(
      1234,
    );
  });

  it('names the field and its env variable in errors', () => {
    expect(errorOf(() => loadConfig({ env: { PORT: 'eighty' }, cwd: dir }))).toBe(
      'Invalid configuration:\n  - port (from PORT): must be a whole number from 0 to 65535',
    );
    expect(errorOf(() => loadConfig({ env: { PORT: '70000' }, cwd: dir }))).toMatch(
      /port \(from PORT\)/,
    );
    expect(errorOf(() => loadConfig({ env: { LOG_LEVEL: 'loud' }, cwd: dir }))).toMatch(
      /logLevel \(from LOG_LEVEL\)/,
    );
    expect(errorOf(() => loadConfig({ env: { SWITCHBOARD_SECRET: 'short' }, cwd: dir }))).toMatch(
      /secret \(from SWITCHBOARD_SECRET\): must be at least 16 characters/,
    );
    expect(
      errorOf(() => loadConfig({ env: { SWITCHBOARD_PUBLIC_URL: 'chat.example.com' }, cwd: dir })),
    ).toMatch(/publicUrl \(from SWITCHBOARD_PUBLIC_URL\): must be an http\(s\) URL/);
  });

  it('lists every bad field of a file', () => {
    const path = writeConfig({
      sites: [{ id: 'Shop!', name: '', origins: ['https://shop.example/path'], color: 'green' }],
      agents: [{ email: 'nope', name: 'X', passwordHash: 'plain', role: 'boss' }],
      sqlite: { synchronous: 'off' },
      prot: 80,
    });
    const message = errorOf(() => loadConfig({ argv: ['--config', path], env: {}, cwd: dir }));
    for (const expected of [
      'sites.0.id: must be 1-64 characters',
      'sites.0.name: must not be empty',
      'sites.0.origins.0: must be an origin like https://shop.example',
      'sites.0.color: must be a colour like #1f6f5c',
      'agents.0.email: must be an email address',
      'agents.0.passwordHash: must be a hash printed by `switchboard hash-password`',
      'agents.0.role:',
      'sqlite.synchronous:',
      'prot: is not a known setting',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('refuses a site id or an agent email used twice', () => {
    const path = writeConfig({
      sites: [
        { id: 'shop', name: 'Shop' },
        { id: 'shop', name: 'Twice' },
      ],
      agents: [
        { email: 'maya@example.com', name: 'Maya', passwordHash: HASH },
        { email: 'MAYA@example.com', name: 'Maya again', passwordHash: HASH },
      ],
    });
    const message = errorOf(() => loadConfig({ argv: ['--config', path], env: {}, cwd: dir }));
    expect(message).toContain('sites.1.id: is used twice');
    expect(message).toContain('agents.1.email: is used twice');
  });

  it('cleans agent display names like typed names, and refuses one left empty', () => {
    const config = parseConfig({
      dataDir: dir,
      agents: [
        { email: 'maya@example.com', name: ' Maya\u200B Chen \u202E)tnega(', passwordHash: HASH },
      ],
    });
    expect(config.agents[0]?.name).toBe('Maya Chen )tnega(');
    expect(
      errorOf(() =>
        parseConfig({
          dataDir: dir,
          agents: [{ email: 'a@example.com', name: '\u200B\u202E', passwordHash: HASH }],
        }),
      ),
    ).toContain('agents.0.name: must not be empty');
  });

  it('says what is wrong with the file itself', () => {
    expect(
      errorOf(() =>
        loadConfig({ argv: ['--config', join(dir, 'missing.json')], env: {}, cwd: dir }),
      ),
    ).toMatch(/Config file not found: .*missing\.json/);
    const broken = writeConfig('{ "port": 80,');
    expect(errorOf(() => loadConfig({ argv: ['--config', broken], env: {}, cwd: dir }))).toMatch(
      /is not valid JSON/,
    );
    const list = writeConfig([1, 2]);
    expect(errorOf(() => loadConfig({ argv: ['--config', list], env: {}, cwd: dir }))).toMatch(
      /must hold a JSON object/,
    );
    expect(errorOf(() => loadConfig({ argv: ['--config'], env: {}, cwd: dir }))).toMatch(
      /--config needs a file path/,
    );
  });

  it('keeps the secret out of config files', () => {
    const path = writeConfig({ secret: 'a secret in a file, committed by mistake' });
    expect(errorOf(() => loadConfig({ argv: ['--config', path], env: {}, cwd: dir }))).toMatch(
      /SWITCHBOARD_SECRET/,
    );
  });
});

describe('routing configuration', () => {
  it('applies department defaults and keeps what is set', () => {
    const config = parseConfig({
      departments: [
        { id: 'sales', name: 'Sales', agentIds: ['sam@example.com'] },
        {
          id: 'support',
          name: 'Support',
          timeZone: 'America/New_York',
          hours: [{ day: 1, open: '09:00', close: '24:00' }],
          strategy: 'round-robin',
          offerTimeoutSec: 10,
          autoAccept: true,
        },
      ],
      routing: { disconnectGraceSec: 5 },
    });
    expect(config.departments[0]).toEqual({
      id: 'sales',
      name: 'Sales',
      skills: [],
      agentIds: ['sam@example.com'],
      timeZone: 'UTC',
      hours: [],
      holidays: [],
      strategy: 'longest-idle',
      offerTimeoutSec: 30,
      autoAccept: false,
    });
    expect(config.departments[1]).toMatchObject({ strategy: 'round-robin', autoAccept: true });
    expect(config.routing).toEqual({
      disconnectGraceSec: 5,
      abandonAfterSec: 90,
      defaultHandleSec: 300,
    });
  });

  it('names every bad routing field', () => {
    const message = errorOf(() =>
      parseConfig({
        departments: [
          { id: 'sales', name: 'Sales', timeZone: 'Mars/Olympus', offerTimeoutSec: 2 },
          { id: 'sales', name: 'Again', hours: [{ day: 7, open: '9:00', close: '25:00' }] },
        ],
        sites: [
          {
            id: 'shop',
            name: 'Shop',
            defaultDepartmentId: 'nope',
            prechat: { topics: [{ id: 'x', label: 'X', departmentId: 'gone' }] },
          },
        ],
        agents: [
          {
            email: 'a@example.com',
            name: 'A',
            passwordHash: HASH,
            departmentIds: ['missing'],
            capacity: 0,
          },
        ],
      }),
    );
    for (const line of [
      'departments.0.timeZone: must be an IANA time zone like Europe/Berlin',
      'departments.0.offerTimeoutSec: must be 5 to 600 seconds',
      'departments.1.hours.0.day: must be 0 (Sunday) to 6',
      'departments.1.hours.0.open: must be HH:MM, 24-hour',
      'departments.1.hours.0.close: must be HH:MM or 24:00',
      'agents.0.capacity: must be at least 1',
    ]) {
      expect(message).toContain(line);
    }
    const references = errorOf(() =>
      parseConfig({
        departments: [
          { id: 'sales', name: 'Sales' },
          { id: 'sales', name: 'Again' },
        ],
        sites: [
          {
            id: 'shop',
            name: 'Shop',
            defaultDepartmentId: 'nope',
            prechat: { topics: [{ id: 'x', label: 'X', departmentId: 'gone' }] },
          },
        ],
        agents: [
          { email: 'a@example.com', name: 'A', passwordHash: HASH, departmentIds: ['missing'] },
        ],
      }),
    );
    for (const line of [
      'departments.1.id: is used twice',
      'sites.0.defaultDepartmentId: names no configured department',
      'sites.0.prechat.topics.0.departmentId: names no configured department',
      'agents.0.departmentIds.0: names no configured department',
    ]) {
      expect(references).toContain(line);
    }
  });
});

describe('parseConfig', () => {
  it('is idempotent, so createRelay accepts a loaded config', () => {
    const once = parseConfig({ port: 0, dataDir: dir });
    expect(parseConfig(once)).toEqual(once);
  });
});

describe('callback, webhook and API key settings', () => {
  it('applies the callback defaults and names every bad field', () => {
    const config = parseConfig({
      sites: [{ id: 'shop', name: 'Shop', callback: { consentText: 'We may call you.' } }],
    });
    expect(config.sites[0]?.callback).toMatchObject({
      slotMinutes: 30,
      capacityPerSlot: 2,
      retry: { maxAttempts: 3, delayMinutes: 30 },
    });
    const message = errorOf(() =>
      parseConfig({
        sites: [
          {
            id: 'shop',
            name: 'Shop',
            callback: {
              consentText: '',
              defaultCountry: 'Germany',
              slotMinutes: 7,
              retry: { maxAttempts: 0, delayMinutes: 30 },
            },
          },
        ],
        webhooks: [{ url: 'ftp://crm.example', secretEnv: 'my secret' }],
        apiKeys: [{ name: 'crm', keyHash: 'abc' }],
      }),
    );
    expect(message).toContain('sites.0.callback.consentText: must not be empty');
    expect(message).toContain('sites.0.callback.defaultCountry: must be an ISO 3166 country code');
    expect(message).toContain('sites.0.callback.slotMinutes: must divide a day evenly');
    expect(message).toContain('sites.0.callback.retry.maxAttempts: must be at least 1');
    expect(message).toContain('webhooks.0.url: must be an http(s) URL');
    expect(message).toContain('webhooks.0.secretEnv: must be the NAME of an environment variable');
    expect(message).toContain('apiKeys.0.keyHash: must be the sha256 hex');
  });
});

describe('sites[].content', () => {
  it('resolves the content folder against the config file', () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(
      join(dir, 'conf', 'switchboard.json'),
      JSON.stringify({ sites: [{ id: 'shop', name: 'Shop', content: { dir: 'articles' } }] }),
    );
    const config = loadConfig({
      env: {},
      argv: ['--config', 'conf/switchboard.json'],
      cwd: dir,
    });
    expect(config.sites[0]!.content).toEqual({ dir: join(dir, 'conf', 'articles') });
  });
});

describe('site theme, triggers and identity', () => {
  it('applies theme defaults and names bad fields readably', () => {
    const config = parseConfig({ sites: [{ id: 'shop', name: 'Shop' }] });
    expect(config.sites[0]?.theme).toEqual({
      position: 'right',
      offsetX: 20,
      offsetY: 20,
      mode: 'auto',
      sound: false,
    });
    expect(config.sites[0]?.triggers).toEqual([]);
    expect(
      errorOf(() =>
        parseConfig({
          sites: [
            {
              id: 'shop',
              name: 'Shop',
              theme: { position: 'middle', offsetX: 500 },
              triggers: [
                { id: 'a', message: 'Hi', afterSec: 5, urlPattern: 'pricing' },
                { id: 'a', message: '' },
              ],
              identity: { secret: 'too short' },
            },
          ],
        } as never),
      ),
    ).toBe(
      [
        'Invalid configuration:',
        '  - sites.0.theme.position: must be "left" or "right"',
        '  - sites.0.theme.offsetX: must be 0 to 200 pixels',
        '  - sites.0.triggers.0.urlPattern: must be a URL path pattern starting with "/", like /pricing*',
        '  - sites.0.triggers.1.message: must not be empty',
        '  - sites.0.identity.secret: must be at least 32 characters',
      ].join('\n'),
    );
  });
});

describe('service quality settings', () => {
  it('defaults: seven wrap-up codes, 80% in 20 s, a 7-day FCR window, a four-point scorecard', () => {
    const config = parseConfig({ dataDir: dir });
    expect(config.dispositions.map((d) => d.id)).toEqual([
      'order-status',
      'return-refund',
      'product-question',
      'technical-issue',
      'billing',
      'complaint',
      'other',
    ]);
    expect(config.serviceLevel).toEqual({ targetSec: 20, goal: 0.8 });
    expect(config.fcrWindowDays).toBe(7);
    expect(config.qa.criteria.map((c) => c.id)).toEqual([
      'accuracy',
      'empathy',
      'compliance',
      'ownership',
    ]);
    expect(config.qa.criteria.every((c) => (c.description ?? '').length > 10)).toBe(true);
  });

  it('takes configured codes, target and scorecard', () => {
    const config = parseConfig({
      dataDir: dir,
      dispositions: [{ id: 'sale', label: 'Sale' }],
      serviceLevel: { targetSec: 30 },
      fcrWindowDays: 3,
      qa: { criteria: [{ id: 'tone', label: 'Tone' }] },
    });
    expect(config.dispositions).toEqual([{ id: 'sale', label: 'Sale' }]);
    expect(config.serviceLevel).toEqual({ targetSec: 30, goal: 0.8 });
    expect(config.fcrWindowDays).toBe(3);
    expect(config.qa.criteria).toEqual([{ id: 'tone', label: 'Tone' }]);
  });

  it('names every bad field in readable words', () => {
    const bad = () =>
      parseConfig({
        dataDir: dir,
        dispositions: [
          { id: 'sale', label: 'Sale' },
          { id: 'sale', label: 'Sale again' },
          { id: 'Bad Id', label: '' },
        ],
        serviceLevel: { targetSec: 0, goal: 1.5 },
        fcrWindowDays: 0,
        qa: { criteria: [] },
      });
    expect(bad).toThrow(ConfigError);
    let message = '';
    try {
      bad();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('dispositions.1.id: is used twice');
    expect(message).toContain('dispositions.2.id: must be 1-64 characters');
    expect(message).toContain('dispositions.2.label: must not be empty');
    expect(message).toContain('serviceLevel.targetSec: must be at least 1 second');
    expect(message).toContain('serviceLevel.goal: must be from 0 to 1');
    expect(message).toContain('fcrWindowDays: must be at least 1 day');
    expect(message).toContain('qa.criteria: must hold at least one criterion');
  });
});

describe('metrics settings', () => {
  it('takes the metrics token from SWITCHBOARD_METRICS_TOKEN and refuses a short one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-metrics-'));
    try {
      expect(loadConfig({ env: {}, cwd: dir }).metrics.token).toBeUndefined();
      const env = { SWITCHBOARD_METRICS_TOKEN: 'a-long-metrics-token' };
      expect(loadConfig({ env, cwd: dir }).metrics.token).toBe('a-long-metrics-token');
      expect(() => loadConfig({ env: { SWITCHBOARD_METRICS_TOKEN: 'short' }, cwd: dir })).toThrow(
        /metrics\.token \(from SWITCHBOARD_METRICS_TOKEN\): must be at least 16 characters/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('storage settings', () => {
  it('keeps SQLite unless DATABASE_URL or storage.url names a PostgreSQL database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-storage-'));
    try {
      expect(loadConfig({ env: {}, cwd: dir }).storage.url).toBeUndefined();
      const url = 'postgres://switchboard:secret@db.internal:5432/switchboard';
      expect(loadConfig({ env: { DATABASE_URL: url }, cwd: dir }).storage.url).toBe(url);
      expect(parseConfig({ storage: { url: 'postgresql://db/sb' } }).storage.url).toBe(
        'postgresql://db/sb',
      );
      let message = '';
      try {
        loadConfig({ env: { DATABASE_URL: 'mysql://db/sb' }, cwd: dir });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/storage\.url \(from DATABASE_URL\): must be a PostgreSQL URL/);
      expect(() => parseConfig({ storage: { url: 'not a url' } })).toThrow(
        /storage\.url: must be a PostgreSQL URL/,
      );
      expect(() => parseConfig({ storage: { path: '/tmp' } } as never)).toThrow(
        /storage\.path: is not a known setting/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cluster settings', () => {
  it('joins a cluster with REDIS_URL, only on PostgreSQL and with a shared secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
    const db = 'postgres://switchboard:secret@db.internal:5432/switchboard';
    const secret = 'a-shared-secret-of-enough-length';
    const message = (env: Record<string, string>) => {
      try {
        loadConfig({ env, cwd: dir });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    try {
      const config = loadConfig({
        env: {
          DATABASE_URL: db,
          REDIS_URL: 'redis://redis.internal:6379',
          SWITCHBOARD_NODE_ID: 'relay-2',
          SWITCHBOARD_SECRET: secret,
        },
        cwd: dir,
      });
      expect(config.cluster).toEqual({
        redisUrl: 'redis://redis.internal:6379',
        nodeId: 'relay-2',
        leaseTtlMs: 6000,
      });
      expect(loadConfig({ env: {}, cwd: dir }).cluster.redisUrl).toBeUndefined();
      expect(message({ REDIS_URL: 'redis://r:6379', SWITCHBOARD_SECRET: secret })).toMatch(
        /cluster\.redisUrl \(from REDIS_URL \/ SWITCHBOARD_NODE_ID\): a cluster shares one PostgreSQL database/,
      );
      expect(message({ REDIS_URL: 'redis://r:6379', DATABASE_URL: db })).toMatch(
        /secret: every node of a cluster must sign tokens with the same key/,
      );
      expect(
        message({ REDIS_URL: 'http://r', DATABASE_URL: db, SWITCHBOARD_SECRET: secret }),
      ).toMatch(/cluster\.redisUrl .*must be a Redis URL/);
      expect(() =>
        parseConfig({ cluster: { nodeId: 'two words', leaseTtlMs: 10 } } as never),
      ).toThrow(
        /cluster\.nodeId: must be 1 to 64 letters[\s\S]*cluster\.leaseTtlMs: must be at least 1000 ms/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sites[].priorityRules', () => {
  it('defaults to none, on configured and demo sites alike, and is passed to routing', () => {
    const none = parseConfig({ sites: [{ id: 'shop', name: 'Shop' }] });
    expect(none.sites[0]?.priorityRules).toBeUndefined();
    expect(siteRouting(none)[0]?.priorityRules).toBeUndefined();
    expect(parseConfig({}).sites[0]?.priorityRules).toBeUndefined();
    const rules = [
      { attribute: 'plan', equals: 'Trail Club', priority: 5 },
      { attribute: 'orders', equals: 7, priority: 3 },
      { attribute: 'vip', equals: true, priority: 10 },
    ];
    const config = parseConfig({ sites: [{ id: 'shop', name: 'Shop', priorityRules: rules }] });
    expect(config.sites[0]?.priorityRules).toEqual(rules);
    expect(siteRouting(config)[0]?.priorityRules).toEqual(rules);
  });

  it('names every bad rule field readably', () => {
    expect(
      errorOf(() =>
        parseConfig({
          sites: [
            {
              id: 'shop',
              name: 'Shop',
              priorityRules: [
                { attribute: 'has space', equals: 'x', priority: 11 },
                { attribute: 'plan', equals: null, priority: 1.5 },
                { attribute: 'plan', equals: 'x', priority: -1, extra: true },
              ],
            },
          ],
        } as never),
      ),
    ).toBe(
      [
        'Invalid configuration:',
        '  - sites.0.priorityRules.0.attribute: must be an attribute name: 1-64 of A-Z, a-z, 0-9, "_", "." or "-"',
        '  - sites.0.priorityRules.0.priority: must be a whole number from 0 to 10',
        '  - sites.0.priorityRules.1.equals: must be a string, a number or true/false',
        '  - sites.0.priorityRules.1.priority: must be a whole number from 0 to 10',
        '  - sites.0.priorityRules.2.priority: must be a whole number from 0 to 10',
        '  - sites.0.priorityRules.2.extra: is not a known setting',
      ].join('\n'),
    );
  });
});

describe('serveSourceMaps', () => {
  it('is off by default and on with SWITCHBOARD_SERVE_SOURCE_MAPS=1', () => {
    expect(loadConfig({ env: {} }).serveSourceMaps).toBe(false);
    expect(loadConfig({ env: { SWITCHBOARD_SERVE_SOURCE_MAPS: '1' } }).serveSourceMaps).toBe(true);
    expect(loadConfig({ env: { SWITCHBOARD_SERVE_SOURCE_MAPS: '0' } }).serveSourceMaps).toBe(false);
  });

  it('refuses another value, naming the variable', () => {
    expect(() => loadConfig({ env: { SWITCHBOARD_SERVE_SOURCE_MAPS: 'yes' } })).toThrow(
      'serveSourceMaps (from SWITCHBOARD_SERVE_SOURCE_MAPS)',
    );
  });
});

describe('limits.allConnectionsPerIp', () => {
  it('is left out by default (the transport then allows connectionsPerIp + 100) and refuses 0', () => {
    expect(parseConfig({ dataDir: dir }).limits.allConnectionsPerIp).toBeUndefined();
    const set = parseConfig({ dataDir: dir, limits: { allConnectionsPerIp: 250 } });
    expect(set.limits.allConnectionsPerIp).toBe(250);
    expect(() => parseConfig({ dataDir: dir, limits: { allConnectionsPerIp: 0 } })).toThrow(
      /limits\.allConnectionsPerIp: must be at least 1/,
    );
  });
});
