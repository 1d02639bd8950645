import type { KeyValueStorage } from './storage.js';

/** A message typed by the visitor and not yet acknowledged by the relay. */
export interface OutboxEntry {
  clientId: string;
  text: string;
  /** The conversation it was written in; absent to start a new one. */
  conversationId?: string;
  createdAt: number;
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.clientId === 'string' &&
    typeof v.text === 'string' &&
    typeof v.createdAt === 'number' &&
    (v.conversationId === undefined || typeof v.conversationId === 'string')
  );
}

/**
 * The persisted outbox. Every operation reads and writes storage afresh (no cached copy), so two
 * tabs sharing localStorage never overwrite each other's entries; a message sent by both is
 * deduplicated by the relay through its clientId.
 * @example const outbox = createOutbox(storage, 'switchboard:demo:outbox'); outbox.add(entry)
 */
export function createOutbox(storage: KeyValueStorage, key: string) {
  const read = (): OutboxEntry[] => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return [];
    }
  };
  const write = (entries: OutboxEntry[]): void => {
    if (entries.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(entries));
  };
  return {
    list: read,
    add(entry: OutboxEntry): void {
      write([...read().filter((e) => e.clientId !== entry.clientId), entry]);
    },
    /** Replace an entry in place (order kept); no-op when it is gone. */
    update(entry: OutboxEntry): void {
      write(read().map((e) => (e.clientId === entry.clientId ? entry : e)));
    },
    /** Remove an entry; returns whether it was there. */
    remove(clientId: string): boolean {
      const entries = read();
      const next = entries.filter((e) => e.clientId !== clientId);
      if (next.length !== entries.length) write(next);
      return next.length !== entries.length;
    },
    has(clientId: string): boolean {
      return read().some((e) => e.clientId === clientId);
    },
  };
}

/** The outbox of one site. */
export type Outbox = ReturnType<typeof createOutbox>;
