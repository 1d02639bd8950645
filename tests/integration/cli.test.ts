import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, verifyPassword } from '../../packages/server/src/index.js';
import { openSqliteStore } from '../../packages/server/src/store/sqlite.js';
import { ensureBuilt, freePort, runCli, spawnRelay } from './helpers/cli.js';
import { clientId, closeAllSockets, request, visitorSession } from './helpers/clients.js';

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchboard CLI', () => {
  it('hash-password reads stdin and prints a hash that verifies', async () => {
    const { code, stdout } = await runCli(['hash-password'], { input: 'trail mix 42\n' });
    expect(code).toBe(0);
    const hash = stdout.trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('trail mix 42', hash)).toBe(true);
    expect(await verifyPassword('trail mix 42\n', hash)).toBe(false);
  });

  it('create-api-key prints a new key once, and the config entry with its sha256', async () => {
    const { code, stdout } = await runCli(['create-api-key', 'dialer']);
    expect(code).toBe(0);
    const key = /API key .*: (sbk_\S+)/.exec(stdout)?.[1];
    expect(key).toBeDefined();
    expect(stdout).toContain(
      `"apiKeys": [{ "name": "dialer", "keyHash": "${hashApiKey(key!)}", "scopes": ["callbacks:read", "callbacks:write"] }]`,
    );
    const again = await runCli(['create-api-key']);
    expect(again.stdout).not.toContain(key!);
  });

  it('refuses to start when a webhook secret variable is not set', async () => {
    const file = join(dir, 'webhooks.json');
    writeFileSync(
      file,
      JSON.stringify({ webhooks: [{ url: 'https://crm.example/hooks', secretEnv: 'CRM_SECRET' }] }),
    );
    const result = await runCli(['--config', file], {
      env: { SWITCHBOARD_DATA_DIR: join(dir, 'hooks') },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  - webhooks.0.secretEnv: the environment variable CRM_SECRET is not set\n',
    );
  });

  it('exits 1 with a readable message, no stack trace, on a bad config', async () => {
    const result = await runCli([], {
      env: { PORT: 'eighty', SWITCHBOARD_DATA_DIR: join(dir, 'bad') },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  - port (from PORT): must be a whole number from 0 to 65535\n',
    );
    const file = join(dir, 'switchboard.json');
    writeFileSync(
      file,
      JSON.stringify({ sites: [{ id: 'shop', name: 'Shop', origins: ['shop.example'] }] }),
    );
    const fromFile = await runCli(['--config', file], {
      env: { SWITCHBOARD_DATA_DIR: join(dir, 'bad') },
    });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(
      'sites.0.origins.0: must be an origin like https://shop.example',
    );
    expect(fromFile.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with one readable line, no stack and no password, when PostgreSQL cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const result = await runCli([], {
      env: {
        DATABASE_URL: `postgres://switchboard:hunter2-secret@127.0.0.1:${port}/switchboard`,
        PORT: '0',
        HOST: '127.0.0.1',
        SWITCHBOARD_DATA_DIR: join(dir, 'pg-down'),
        LOG_LEVEL: 'silent',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Cannot open the database: PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)\n`,
    );
    expect(result.stdout + result.stderr).not.toContain('hunter2');

    const bad = await runCli([], {
      env: { DATABASE_URL: 'mysql://db/switchboard', SWITCHBOARD_DATA_DIR: join(dir, 'pg-bad') },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'Invalid configuration:\n  - storage.url (from DATABASE_URL): must be a PostgreSQL URL like postgres://switchboard:password@db.internal:5432/switchboard\n',
    );
  });

  it('starts with a config file, logs the URL, prints a banner, and stops on SIGTERM', async () => {
    const dataDir = join(dir, 'data');
    const file = join(dir, 'relay.json');
    writeFileSync(file, JSON.stringify({ port: 0, dataDir, logLevel: 'info' }));
    const relay = await spawnRelay({}, ['--config', file]);
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(relay.logs.find((l) => l.msg === 'listening')).toMatchObject({
      url: relay.url,
      level: 30,
    });
    // No agent configured: the demo one is active, said loudly.
    expect(relay.logs.find((l) => l.level === 40)?.msg).toMatch(/demo credentials are active/);
    // The banner goes to stderr, a pipe of its own: it may arrive just after the log line.
    const until = Date.now() + 5_000;
    while (!relay.stderr().includes('switchboard-demo') && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(relay.stderr()).toContain(`${relay.url}/console`);
    expect(relay.stderr()).toContain('agent@example.com / switchboard-demo');
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    // The secret was generated and kept private.
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
  });

  it('backup copies the database of a running relay: a consistent, checked copy', async () => {
    const dataDir = join(dir, 'backup-data');
    const relay = await spawnRelay({ PORT: '0', SWITCHBOARD_DATA_DIR: dataDir });
    try {
      const { socket } = await visitorSession(relay.url);
      const ack = await request(socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Is the blue tent waterproof?',
      });
      expect(ack.type).toBe('chat.ack');
      const target = join(dir, 'switchboard-backup.db');

      const { code, stdout, stderr } = await runCli(['backup', target, '--data-dir', dataDir]);

      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /Backed up to .*switchboard-backup\.db .*: 1 conversations, \d+ events/,
      );
      expect(stdout).toContain('Integrity check: ok');
      const conversationId = ack.type === 'chat.ack' ? ack.conversationId : '';
      const copy = openSqliteStore(target);
      try {
        const events = await copy.readEvents(conversationId, 0, 100);
        expect(events.some((e) => e.type === 'message.created' && e.text.includes('tent'))).toBe(
          true,
        );
      } finally {
        await copy.close();
      }
      // A second run refuses to overwrite the first copy.
      const again = await runCli(['backup', target, '--data-dir', dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists already/);
    } finally {
      closeAllSockets();
      relay.child.kill('SIGTERM');
      await relay.exited;
    }
  });
});
