import { join } from 'node:path';
import { applyEvent, type ConversationEvent, type ConversationSummary } from '@switchboard/shared';
import { createAgentDirectory, type RoutingAgent } from '../auth/agents.js';
import { loadSecret } from '../auth/signing-secret.js';
import { createTokenSigner } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { localTime } from '../core/business-hours.js';
import { seedRouting } from '../engine/load-state.js';
import { loadContentFolder } from '../faq/content.js';
import { createFaqCatalog } from '../faq/search.js';
import { openPostgresStore } from '../store/postgres.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { AppendBatch, Store } from '../store/types.js';
import { type AftercareSetup, type ClosedChat, demoCallbacks, demoQaReviews } from './callbacks.js';
import { buildConversation, type ChatSetup } from './conversation.js';
import {
  type DemoChatStart,
  type DemoFaqSummary,
  demoFaqActivity,
  summarizeFaq,
} from './faq-activity.js';
import { arrivalRate, DAY, HOUR, picker, poissonSample, seededRandom } from './random.js';
import { TOPICS, type Topic } from './scripts.js';

export { DemoHistoryRefused, demoHistoryBlocker } from './blocker.js';
export type { DemoFaqSummary } from './faq-activity.js';
export { arrivalRate, seededRandom } from './random.js';

/** What `demo-history` wrote. */
export interface DemoHistorySummary {
  conversations: number;
  callbacks: number;
  surveys: number;
  reviews: number;
  faq: DemoFaqSummary;
  from: number;
  to: number;
}

export interface DemoHistoryOptions {
  /** The relay's config (data dir, departments, dispositions, QA criteria). */
  config: Config;
  /** @default 1 */
  weeks?: number;
  /** @default 42 */
  seed?: number;
  /** The history ends here (exclusive). @default Date.now() */
  now?: number;
  /** Defaults to the configured store: PostgreSQL at `storage.url`, else the data dir's SQLite (opened and closed here). */
  store?: Store;
}

/** Everything the steps of one run share: the store, the window, the demo's setup, the stream. */
interface Run extends ChatSetup, AftercareSetup {
  store: Store;
  seed: number;
  supervisor: RoutingAgent;
}

/** Sync the configured agents and the routing setup into the store, then gather the run's setup. */
async function startRun(options: DemoHistoryOptions, store: Store): Promise<Run> {
  const { config } = options;
  const seed = options.seed ?? 42;
  const random = seededRandom(seed);
  const now = options.now ?? Date.now();
  const to = Math.floor(now / HOUR) * HOUR;
  const from = to - (options.weeks ?? 1) * 7 * DAY;
  const agents = createAgentDirectory({
    store,
    signer: createTokenSigner(loadSecret(config.dataDir, config.secret)),
    configured: config.agents,
  });
  await agents.sync();
  await seedRouting({ config, store, agents });
  const enabled = await agents.routingAgents();
  const departments = await store.listDepartments();
  const supervisor = enabled.find((a) => a.role === 'supervisor') ?? enabled[0];
  if (!supervisor) throw new Error('No agent is enabled: sign-ins are needed for a history.');
  return {
    store,
    config,
    seed,
    random,
    pick: picker(random),
    staff: (departmentId) => {
      const ids = departments.find((d) => d.id === departmentId)?.agentIds ?? [];
      const members = enabled.filter((a) => ids.includes(a.id));
      return members.length > 0 ? members : enabled;
    },
    idOf: (prefix, n) => `${prefix}_demo${seed.toString(36)}_${n.toString(36).padStart(5, '0')}`,
    dispositions: new Set(config.dispositions.map((d) => d.id)),
    timeZone: departments[0]?.timeZone ?? 'UTC',
    site: config.sites[0]?.id ?? 'demo',
    supervisor,
    from,
    to,
    now,
  };
}

/** Chats expected in the hour starting at `hour`, by the demo time zone's weekday and hour. */
function rateAt(run: Run, hour: number): number {
  const local = localTime(hour, run.timeZone);
  return arrivalRate(local.weekday, Math.floor(local.minute / 60));
}

/**
 * The chats, hour by hour, as real events in batches of 200 through `store.write`: arrivals by
 * hour of week, about 10% of handled visitors coming back on the same topic within the FCR
 * window. Only finished contacts are written: the history ends before now.
 */
async function writeConversations(
  run: Run,
): Promise<{ batches: AppendBatch[]; closed: ClosedChat[]; surveys: number }> {
  const { random, from, to, now } = run;
  const batches: AppendBatch[] = [];
  const closed: ClosedChat[] = [];
  let counter = 0;
  let surveys = 0;
  /** Returns (same visitor, same topic) still to write. */
  const returns: { at: number; visitorId: string; topic: Topic }[] = [];
  let visitors = 0;
  for (let hour = from; hour < to; hour += HOUR) {
    const count = poissonSample(random, rateAt(run, hour));
    const starts = Array.from({ length: count }, () => hour + Math.floor(random() * HOUR));
    const arrivals: { at: number; visitorId: string; topic: Topic }[] = [
      ...starts.map((at) => ({
        at,
        visitorId: `v_demo_${(++visitors).toString(36)}`,
        topic: run.pick(TOPICS),
      })),
      ...returns.filter((r) => r.at >= hour && r.at < hour + HOUR),
    ].sort((a, b) => a.at - b.at);
    for (const arrival of arrivals) {
      const id = run.idOf('c', ++counter);
      const made = buildConversation(run, id, arrival.at, arrival.visitorId, arrival.topic);
      if (made.surveyed) surveys++;
      if (made.agent && made.closedAt !== null) {
        closed.push({ id, agent: made.agent, at: made.closedAt });
      }
      const last = made.events.at(-1)?.at ?? arrival.at;
      if (last >= now) continue;
      let summary: ConversationSummary | null = null;
      for (const event of made.events) summary = applyEvent(summary, event, run.site, made.id);
      if (summary) batches.push({ conversation: summary, events: made.events });
      if (made.agent && random() < 0.1) {
        returns.push({
          at: last + HOUR + Math.floor(random() * 3 * DAY),
          visitorId: arrival.visitorId,
          topic: arrival.topic,
        });
      }
    }
  }
  for (let i = 0; i < batches.length; i += 200) {
    await run.store.write({ appends: batches.slice(i, i + 200) });
  }
  return { batches, closed, surveys };
}

/**
 * FAQ activity around the written chats, from its own random stream so the chats of a seed stay
 * as they were, logged through the store's FAQ methods.
 */
async function writeFaqActivity(
  run: Run,
  batches: readonly AppendBatch[],
): Promise<DemoFaqSummary> {
  const { store, config, site } = run;
  const content = config.sites[0]?.content
    ? loadContentFolder(config.sites[0].content.dir).articles
    : [];
  const chats: DemoChatStart[] = batches.map(({ events }) => {
    const created = events[0] as Extract<ConversationEvent, { type: 'conversation.created' }>;
    const first = events.find(
      (e): e is Extract<ConversationEvent, { type: 'message.created' }> =>
        e.type === 'message.created',
    );
    return { visitorId: created.visitor.id, at: created.at, draft: first?.text ?? '' };
  });
  const faq = demoFaqActivity({
    catalog: createFaqCatalog(new Map([[site, content]]), await store.listArticles()),
    siteId: site,
    from: run.from,
    to: run.to,
    random: seededRandom((run.seed ^ 0x5eedfa9) >>> 0),
    rateAt: (hour) => rateAt(run, hour),
    conversations: chats,
  });
  for (const record of faq.searches) await store.logSearch(record);
  for (const record of faq.views) await store.logArticleView(record);
  for (const record of faq.feedback) await store.saveFeedback(record);
  return summarizeFaq(faq, chats);
}

/**
 * Fill the store with a realistic, deterministic history for the demo site: chats by hour of
 * week, waits, abandons, transfers, wrap-ups, returns within the FCR window, surveys, callbacks
 * with retries, a few QA reviews and FAQ activity (searches, article views, "Was this helpful?"
 * answers, suggestion readers who did or did not go on to chat). Written as real events
 * (contiguous seqs) through `store.write`, the engine's own path, and through the store's FAQ
 * logging methods, so KPIs and FAQ metrics read it like live data.
 * @example await generateDemoHistory({ config, weeks: 1, seed: 42 })
 */
export async function generateDemoHistory(
  options: DemoHistoryOptions,
): Promise<DemoHistorySummary> {
  const { config } = options;
  const own = !options.store;
  const store =
    options.store ??
    (config.storage.url
      ? await openPostgresStore(config.storage.url)
      : openSqliteStore(join(config.dataDir, 'switchboard.db'), { synchronous: 'normal' }));
  try {
    const run = await startRun(options, store);
    const chats = await writeConversations(run);
    const callbacks = demoCallbacks(run);
    if (callbacks.length > 0) {
      await store.write({ callbacks: callbacks.map((callback) => ({ callback })) });
    }
    const reviews = demoQaReviews(run, chats.closed, run.supervisor);
    for (const review of reviews) await store.saveQaReview(review);
    const faq = await writeFaqActivity(run, chats.batches);
    return {
      conversations: chats.batches.length,
      callbacks: callbacks.length,
      surveys: chats.surveys + callbacks.filter((c) => c.survey).length,
      reviews: reviews.length,
      faq,
      from: run.from,
      to: run.to,
    };
  } finally {
    if (own) await store.close();
  }
}

/**
 * The line `demo-history` prints: what it wrote, FAQ activity included.
 * @example describeDemoHistory(summary, '/var/lib/switchboard') // 'Demo history in /var/lib/switchboard: 352 conversations, …'
 */
export function describeDemoHistory(summary: DemoHistorySummary, dataDir: string): string {
  const { faq } = summary;
  const percent = (part: number, whole: number) =>
    whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
  return (
    `Demo history in ${dataDir}: ${summary.conversations} conversations, ` +
    `${summary.callbacks} callbacks, ${summary.surveys} surveys, ${summary.reviews} QA reviews; ` +
    `FAQ: ${faq.searches} searches (${faq.noResult} with no result), ${faq.views} article views, ` +
    `${faq.suggestionOpens} suggestions opened (${percent(faq.deflected, faq.suggestionOpens)} deflected), ` +
    `${faq.feedback} "Was this helpful?" answers (${percent(faq.helpful, faq.feedback)} yes); ` +
    `${new Date(summary.from).toISOString()} to ${new Date(summary.to).toISOString()}.\n`
  );
}
