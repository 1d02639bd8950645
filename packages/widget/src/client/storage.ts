/** The subset of the Web Storage API the widget uses, so tests and private modes can swap it. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * An in-memory storage: the fallback when localStorage is unavailable, and the test double.
 * @example const storage = createMemoryStorage(); createSession({ storage, ... })
 */
export function createMemoryStorage(): KeyValueStorage & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
    removeItem: (key) => {
      data.delete(key);
    },
  };
}

/**
 * localStorage when the browser lets us use it (it throws in some privacy modes and sandboxed
 * iframes), else memory: the chat still works, it only forgets on reload.
 * @example const storage = createBrowserStorage()
 */
export function createBrowserStorage(): KeyValueStorage {
  try {
    const probe = 'switchboard:probe';
    globalThis.localStorage.setItem(probe, '1');
    globalThis.localStorage.removeItem(probe);
    const ls = globalThis.localStorage;
    const memory = createMemoryStorage();
    // A full quota must not break sending: fall back to memory for that write.
    return {
      getItem: (key) => memory.getItem(key) ?? ls.getItem(key),
      setItem: (key, value) => {
        try {
          ls.setItem(key, value);
          memory.removeItem(key);
        } catch {
          memory.setItem(key, value);
        }
      },
      removeItem: (key) => {
        memory.removeItem(key);
        ls.removeItem(key);
      },
    };
  } catch {
    return createMemoryStorage();
  }
}

/** The storage keys of one site (see docs/widget-internals.md, "Browser storage"). */
export function storageKeys(siteId: string): { session: string; outbox: string; prechat: string } {
  return {
    session: `switchboard:${siteId}:session`,
    outbox: `switchboard:${siteId}:outbox`,
    prechat: `switchboard:${siteId}:prechat`,
  };
}
