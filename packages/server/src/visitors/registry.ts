import type { VisitorRecord, VisitorStore } from '../store/types.js';

/**
 * Where a new visitor is written: at their first `session.hello`, and when `visitor.identify`
 * switches the session to a new record. The engine logs profile changes; this only adds the row.
 * @example const visitors = createVisitorRegistry(store); await visitors.register(record)
 */
export function createVisitorRegistry(store: Pick<VisitorStore, 'createVisitor'>) {
  return {
    /** Store a new visitor; registering an id already stored changes nothing (the store's rule). */
    register(visitor: VisitorRecord): Promise<void> {
      return store.createVisitor(visitor);
    },
  };
}

/** The visitor registry, as `createVisitorRegistry` makes it. */
export type VisitorRegistry = ReturnType<typeof createVisitorRegistry>;
