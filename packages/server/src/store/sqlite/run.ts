/**
 * Run a synchronous better-sqlite3 call as the port's promise: a throw becomes a rejection, as the
 * port promises. better-sqlite3 is synchronous; the port is async so a networked store can take
 * its place.
 * @example getAgent: (id) => run(() => stmt.getAgent.get(id) ?? null)
 */
export const run = async <T>(fn: () => T): Promise<T> => fn();
