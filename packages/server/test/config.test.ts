import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DEMO_SITE, loadConfig, parseConfig } from '../src/config.js';

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
      sites: [{ ...DEMO_SITE }],
      agents: [],
      logLevel: 'info',
      sqlite: { synchronous: 'full' },
    });
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
        { id: 'shop', name: 'Shop', origins: ['https://shop.example'] },
      ]);
      expect(config.agents).toEqual([
        { email: 'Maya@Example.com', name: 'Maya', passwordHash: HASH, role: 'agent' },
      ]);
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

describe('parseConfig', () => {
  it('is idempotent, so createRelay accepts a loaded config', () => {
    const once = parseConfig({ port: 0, dataDir: dir });
    expect(parseConfig(once)).toEqual(once);
  });
});
