import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { dropFreshDatabases, freshDatabaseUrl } from '../helpers/postgres.js';
import { callbacksContract } from './contracts/callbacks.js';
import { conversationLogContract } from './contracts/conversation-log.js';
import { directoryContract } from './contracts/directory.js';
import type { StoreHarness } from './contracts/fixtures.js';
import { helpCenterContract } from './contracts/help-center.js';
import { lifecycleContract } from './contracts/lifecycle.js';
import { reportsContract } from './contracts/reports.js';
import { transactionsContract } from './contracts/transactions.js';
import { visitorsContract } from './contracts/visitors.js';

/** Every store port's contract, run against every implementation. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-ports-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const paths = new WeakMap<Store, string>();
let opened = 0;
const sqlite: StoreHarness = {
  async make() {
    const path = join(dir, `db-${++opened}.sqlite`);
    const store = openSqliteStore(path);
    paths.set(store, path);
    return store;
  },
  async reopen(closed) {
    const path = paths.get(closed)!;
    const store = openSqliteStore(path);
    paths.set(store, path);
    return store;
  },
};

type MemoryStore = ReturnType<typeof createMemoryStore>;
const memory: StoreHarness = {
  make: async () => createMemoryStore(),
  reopen: async (closed) => (closed as MemoryStore).reopen(),
};

// A new database on the run's PostgreSQL (test/helpers/postgres-setup.ts) for each store.
const urls = new WeakMap<Store, string>();
const postgres: StoreHarness = {
  async make() {
    const url = await freshDatabaseUrl();
    const store = await openPostgresStore(url);
    urls.set(store, url);
    return store;
  },
  async reopen(closed) {
    const url = urls.get(closed)!;
    const store = await openPostgresStore(url);
    urls.set(store, url);
    return store;
  },
};
afterAll(dropFreshDatabases);

for (const [name, harness] of [
  ['sqlite', sqlite],
  ['memory', memory],
  ['postgres', postgres],
] as const) {
  conversationLogContract(name, harness.make);
  transactionsContract(name, harness);
  visitorsContract(name, harness);
  directoryContract(name, harness);
  callbacksContract(name, harness);
  helpCenterContract(name, harness);
  reportsContract(name, harness);
  lifecycleContract(name, harness);
}
