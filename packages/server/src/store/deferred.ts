// A store that is still opening (PostgreSQL connects and migrates asynchronously) used as if it
// were open: the relay is built synchronously and its start-up is the first thing that awaits a
// store call, so an open that fails surfaces there, through `listen()`, with the open's own error.
import type { Store } from './types.js';

/** Every async method of `Store`; the record makes the compiler name one that is left out. */
const METHODS: Record<Exclude<keyof Store, 'isOpen' | 'close' | 'leases'>, true> = {
  write: true,
  writeAll: true,
  append: true,
  loadOpenConversations: true,
  getConversation: true,
  latestConversationOf: true,
  recentClosed: true,
  readEvents: true,
  findClientId: true,
  findClientIds: true,
  customerHistory: true,
  recentHandleTimes: true,
  openAssignedAt: true,
  openCutOffs: true,
  conversationStarts: true,
  getVisitor: true,
  createVisitor: true,
  findVerifiedVisitor: true,
  openVisitorPhones: true,
  listSiteAppearances: true,
  saveSiteAppearance: true,
  listAgents: true,
  getAgent: true,
  findAgentByEmail: true,
  saveAgent: true,
  listDepartments: true,
  saveDepartment: true,
  listCanned: true,
  saveCanned: true,
  loadOpenCallbacks: true,
  getCallback: true,
  findCallbackClientId: true,
  listCallbacks: true,
  pendingDeliveries: true,
  saveDelivery: true,
  recentDeliveries: true,
  listArticles: true,
  saveArticle: true,
  logSearch: true,
  logArticleView: true,
  saveFeedback: true,
  faqActivity: true,
  conversationLogs: true,
  callbacksCreated: true,
  getStaffing: true,
  saveStaffing: true,
  saveQaReview: true,
  listQaReviews: true,
};

/**
 * A `Store` over one being opened: each call waits for the open and then runs on the store it
 * gave; if the open failed, every call rejects with that error. `isOpen` is false until it has
 * opened (the relay's readiness), and `close` closes it once opened.
 * @example const store = deferStore(openPostgresStore(url))
 */
export function deferStore(opening: Promise<Store>): Store {
  let opened: Store | undefined;
  let closed = false;
  const ready = opening.then((store) => {
    opened = store;
    return store;
  });
  // The failure is reported by the first call that awaits it (the relay's start-up).
  ready.catch(() => {});
  const deferred = {
    isOpen: () => !closed && opened !== undefined && opened.isOpen(),
    close: async () => {
      closed = true;
      const store = await ready.catch(() => undefined);
      await store?.close();
    },
  } as Store;
  for (const name of Object.keys(METHODS) as (keyof typeof METHODS)[]) {
    const call = async (...args: unknown[]) => {
      const store = opened ?? (await ready);
      return (store[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
    Object.assign(deferred, { [name]: call });
  }
  // The leases of the store it opens (only a shared database has them: PostgreSQL).
  const leases = async () => {
    const store = opened ?? (await ready);
    if (!store.leases) throw new Error('this store has no leases (a cluster needs PostgreSQL)');
    return store.leases;
  };
  deferred.leases = {
    acquireLease: async (...args) => (await leases()).acquireLease(...args),
    renewLease: async (...args) => (await leases()).renewLease(...args),
    releaseLease: async (...args) => (await leases()).releaseLease(...args),
    readLease: async (...args) => (await leases()).readLease(...args),
    takeLease: async (...args) => (await leases()).takeLease(...args),
    liveness: (name) => {
      const opened = leases().then((l) => l.liveness(name));
      opened.catch(() => {});
      return {
        hold: async () => (await opened).hold(),
        release: async () => (await opened).release(),
        probe: async () => (await opened).probe(),
        close: async () => (await opened).close(),
      };
    },
    fenced: (fence) => ({
      write: async (changes) => (await leases()).fenced(fence).write(changes),
      writeAll: async (list) => (await leases()).fenced(fence).writeAll(list),
    }),
  };
  return deferred;
}
