import { memoryCallbacks } from './memory/callbacks.js';
import { memoryConversations } from './memory/conversations.js';
import { type Data, emptyData, type Guard } from './memory/data.js';
import { memoryDirectory } from './memory/directory.js';
import { memoryHelpCenter } from './memory/help-center.js';
import { memoryReports } from './memory/reports.js';
import { memoryTransactions } from './memory/transactions.js';
import { memoryVisitors } from './memory/visitors.js';
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
    ...memoryTransactions(data, guard),
    ...memoryConversations(data, guard),
    ...memoryVisitors(data, guard),
    ...memoryDirectory(data, guard),
    ...memoryCallbacks(data, guard),
    ...memoryHelpCenter(data, guard),
    ...memoryReports(data, guard),
    isOpen: () => open,
    close: async () => {
      open = false;
    },
    reopen: () => handle(data),
  };
}
