import { createMemoryCallbacks } from './memory/callbacks.js';
import { createMemoryConversations } from './memory/conversations.js';
import { type Data, emptyData, type Guard } from './memory/data.js';
import { createMemoryDirectory } from './memory/directory.js';
import { createMemoryHelpCenter } from './memory/help-center.js';
import { createMemoryReports } from './memory/reports.js';
import { createMemoryTransactions } from './memory/transactions.js';
import { createMemoryVisitors } from './memory/visitors.js';
import type { Store } from './types.js';

/**
 * A store in memory, with the same contract as SQLite (atomic append, seq check, dedupe). For
 * tests, and for trying the relay without a disk. `reopen()` gives a fresh handle on the same data,
 * like a process restart on the same file.
 * @example const store = createMemoryStore(); const again = store.reopen()
 */
export function createMemoryStore(): Store & { reopen(): Store & { reopen(): Store } } {
  return handle(emptyData());
}

/** A handle on `data`: each port's module over the same maps, refused once closed. */
function handle(data: Data): Store & { reopen(): Store & { reopen(): Store } } {
  let open = true;
  const guard: Guard = async (fn) => {
    if (!open) throw new Error('store is closed');
    return fn();
  };
  return {
    ...createMemoryTransactions(data, guard),
    ...createMemoryConversations(data, guard),
    ...createMemoryVisitors(data, guard),
    ...createMemoryDirectory(data, guard),
    ...createMemoryCallbacks(data, guard),
    ...createMemoryHelpCenter(data, guard),
    ...createMemoryReports(data, guard),
    isOpen: () => open,
    close: async () => {
      open = false;
    },
    reopen: () => handle(data),
  };
}
