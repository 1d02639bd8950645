import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { conversationLogContract } from './contracts/conversation-log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

conversationLogContract('sqlite', async () => openSqliteStore(join(dir, 'db.sqlite')));
conversationLogContract('memory', async () => createMemoryStore());
