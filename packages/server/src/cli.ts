#!/usr/bin/env node
import { join } from 'node:path';
import { hashPassword } from './auth/password.js';
import { ConfigError, loadConfig } from './config.js';
import { DEMO_AGENTS } from './demo/agents.js';
import { demoHistoryBlocker, describeDemoHistory, generateDemoHistory } from './demo/history.js';
import { createApiKey } from './http/api-v1.js';
import { createLogger } from './logger.js';
import { createRelay, DATABASE_FILE } from './relay.js';
import { backupDatabase } from './store/backup.js';
import { describeMigration, MigrateStoreError, migrateStore } from './store/migrate-store.js';
import { maskPostgresUrl, StoreOpenError } from './store/postgres.js';

const USAGE = `Usage:
  switchboard [--config <file.json>]   start the relay
  switchboard hash-password            read a password on stdin, print its hash for a config file
  switchboard create-api-key [name]    print a new REST API key (shown once) and its hash
  switchboard demo-history [--weeks 1] [--seed 42] [--data-dir <dir>] [--force]
                                       fill the data dir with a generated demo history
  switchboard backup <file> [--config <file.json>] [--data-dir <dir>]
                                       copy the database to <file>, safely while the relay runs
  switchboard migrate-store --from <data dir> [--to <postgres url>]
                                       copy a SQLite data dir into an empty PostgreSQL database
                                       (--to defaults to DATABASE_URL)

Environment: PORT, HOST, SWITCHBOARD_CONFIG, SWITCHBOARD_DATA_DIR, SWITCHBOARD_SECRET,
SWITCHBOARD_PUBLIC_URL, SWITCHBOARD_METRICS_TOKEN, LOG_LEVEL, DATABASE_URL, REDIS_URL,
SWITCHBOARD_NODE_ID. See docs/operations.md.
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function hashPasswordCommand(): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter and Ctrl-D): ');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password.length === 0) {
    process.stderr.write('No password on stdin.\n');
    return 1;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

/** `demo-history`: parse the flags, refuse while a relay runs (unless --force), generate. */
async function demoHistoryCommand(argv: string[]): Promise<number> {
  const flags = new Map<string, string>();
  let force = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--force') force = true;
    else if (['--weeks', '--seed', '--data-dir'].includes(arg) && argv[i + 1] !== undefined) {
      flags.set(arg, argv[++i] ?? '');
    } else if (arg === '--config' && argv[i + 1] !== undefined) {
      rest.push(arg, argv[++i] ?? '');
    } else {
      process.stderr.write(`Unknown argument: ${arg}\n\n${USAGE}`);
      return 2;
    }
  }
  const weeks = Number(flags.get('--weeks') ?? 1);
  const seed = Number(flags.get('--seed') ?? 42);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 12) {
    process.stderr.write('--weeks must be a whole number from 1 to 12.\n');
    return 2;
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write('--seed must be a whole number.\n');
    return 2;
  }
  const dataDir = flags.get('--data-dir');
  const config = loadConfig({
    argv: rest,
    env: dataDir ? { ...process.env, SWITCHBOARD_DATA_DIR: dataDir } : process.env,
  });
  const blocker = force ? null : await demoHistoryBlocker(config);
  if (blocker) {
    process.stderr.write(`Refusing to write the demo history: ${blocker}. (--force to go ahead)\n`);
    return 1;
  }
  const summary = await generateDemoHistory({ config, weeks, seed });
  process.stdout.write(
    describeDemoHistory(
      summary,
      config.storage.url ? `PostgreSQL ${maskPostgresUrl(config.storage.url)}` : config.dataDir,
    ),
  );
  return 0;
}

/** `backup <file>`: SQLite's online backup of the data dir's database, checked, then renamed. */
async function backupCommand(argv: string[]): Promise<number> {
  let destination: string | undefined;
  let dataDir: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--data-dir' && argv[i + 1] !== undefined) dataDir = argv[++i];
    else if (arg === '--config' && argv[i + 1] !== undefined) rest.push(arg, argv[++i] ?? '');
    else if (!arg.startsWith('--') && destination === undefined) destination = arg;
    else {
      process.stderr.write(`Unknown argument: ${arg}\n\n${USAGE}`);
      return 2;
    }
  }
  if (!destination) {
    process.stderr.write(`backup needs the file to write, e.g. switchboard backup ./backup.db\n`);
    return 2;
  }
  const config = loadConfig({
    argv: rest,
    env: dataDir ? { ...process.env, SWITCHBOARD_DATA_DIR: dataDir } : process.env,
  });
  if (config.storage.url) {
    process.stderr.write(
      'This relay keeps its data in PostgreSQL (storage.url / DATABASE_URL): back it up with pg_dump ' +
        '(docs/operations.md, "Backups").\n',
    );
    return 1;
  }
  try {
    const copy = await backupDatabase(join(config.dataDir, DATABASE_FILE), destination);
    process.stdout.write(
      `Backed up to ${copy.path} (${copy.bytes} bytes, schema version ${copy.schemaVersion}): ` +
        `${copy.conversations} conversations, ${copy.events} events, ${copy.callbacks} callbacks. ` +
        `Integrity check: ok.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `Backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

/**
 * `migrate-store --from <dir> --to <url>`: the data dir's SQLite copied into an empty PostgreSQL
 * database. `--from` is required (the command never guesses which site to copy); `--to` defaults
 * to DATABASE_URL. Refusals and failures are one readable line (never the password) and exit 1.
 */
async function migrateStoreCommand(argv: string[]): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--from' && argv[i + 1] !== undefined) from = argv[++i];
    else if (arg === '--to' && argv[i + 1] !== undefined) to = argv[++i];
    else {
      process.stderr.write(`Unknown argument: ${arg}\n\n${USAGE}`);
      return 2;
    }
  }
  to ??= process.env.DATABASE_URL || undefined;
  const example =
    'e.g. switchboard migrate-store --from /var/lib/switchboard --to postgres://switchboard:<password>@db:5432/switchboard';
  if (!from) {
    process.stderr.write(`migrate-store needs --from <the SQLite data dir>, ${example}\n`);
    return 2;
  }
  if (!to) {
    process.stderr.write(`migrate-store needs --to <postgres URL> (or DATABASE_URL), ${example}\n`);
    return 2;
  }
  try {
    const summary = await migrateStore({ from, to });
    process.stdout.write(describeMigration(summary));
    return 0;
  } catch (error) {
    if (error instanceof MigrateStoreError || error instanceof StoreOpenError) {
      // A refusal with a readable message (never the password): no stack trace.
      process.stderr.write(`migrate-store: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function start(argv: string[]): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ argv });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let relay: ReturnType<typeof createRelay>;
  try {
    // Webhook secrets are read from the environment here: a missing one is a config error too.
    relay = createRelay(config, { logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    const { url } = await relay.listen();
    const { demoAgent } = await relay.ready;
    const base = config.publicUrl ?? url;
    const lines = [
      '',
      `  Switchboard relay is listening on ${url}`,
      `  Demo page:     ${base}/`,
      `  Agent console: ${base}/console`,
      ...(demoAgent
        ? [
            ...DEMO_AGENTS.map(
              (a, i) =>
                `  ${i === 0 ? 'Demo sign-in: ' : '              '} ${a.email} / ${a.password} (${a.name}, ${a.role})`,
            ),
            '                 (configure agents to disable the demo sign-ins)',
          ]
        : []),
      config.storage.url
        ? `  Data:          PostgreSQL ${maskPostgresUrl(config.storage.url)}`
        : `  Data:          ${config.dataDir}`,
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  } catch (error) {
    if (error instanceof StoreOpenError) {
      // A setup problem with a readable message (never the password): no stack trace.
      process.stderr.write(`Cannot open the database: ${error.message}\n`);
      await relay.close().catch(() => undefined);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'could not start');
    await relay.close().catch(() => undefined);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (argv[0] === 'create-api-key') {
    const name = argv[1] ?? 'integration';
    const { key, keyHash } = createApiKey();
    process.stdout.write(
      `API key (shown once; give it to the integration): ${key}\n` +
        `Add to the config: "apiKeys": [{ "name": ${JSON.stringify(name)}, "keyHash": "${keyHash}", "scopes": ["callbacks:read", "callbacks:write"] }]\n` +
        'Scopes: callbacks:read (GET /api/v1/callbacks), callbacks:write (PATCH), export:read (CSV exports); keep only what the integration needs.\n',
    );
    return;
  }
  const withConfig = new Map([
    ['demo-history', demoHistoryCommand],
    ['backup', backupCommand],
    ['migrate-store', migrateStoreCommand],
  ]).get(argv[0] ?? '');
  if (withConfig) {
    // Commands that read the config: a bad one is a readable message and exit code 1.
    try {
      process.exitCode = await withConfig(argv.slice(1));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
    return;
  }
  if (argv[0] === 'hash-password') {
    process.exitCode = await hashPasswordCommand();
    return;
  }
  const unknown = argv.filter((a, i) => !a.startsWith('--config') && argv[i - 1] !== '--config');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument: ${unknown[0]}\n\n${USAGE}`);
    process.exit(2);
  }
  await start(argv);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
