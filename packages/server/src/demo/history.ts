import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  applyEvent,
  type Callback,
  type CallbackAttempt,
  type ConversationEvent,
  type ConversationSummary,
  type QaReview,
} from '@switchboard/shared';
import { createAgentDirectory, type RoutingAgent } from '../auth/agents.js';
import { loadSecret } from '../auth/signing-secret.js';
import { createTokenSigner } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { localTime } from '../core/business-hours.js';
import { seedRouting } from '../engine/load-state.js';
import { loadContentFolder } from '../faq/content.js';
import { DEFLECTION_WINDOW_MS } from '../faq/faq-metrics.js';
import { createFaqCatalog, type FaqCatalog } from '../faq/search.js';
import { SEARCH_LIMIT, SUGGEST_LIMIT } from '../faq/service.js';
import { openSqliteStore } from '../store/sqlite.js';
import type {
  AppendBatch,
  ArticleFeedbackRecord,
  ArticleViewRecord,
  FaqSearchRecord,
  Store,
} from '../store/types.js';
import { DEMO_CALLBACK } from './site.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The self-service activity `demo-history` wrote. */
export interface DemoFaqSummary {
  /** Visitor searches of the help articles (not the suggestions run while typing). */
  searches: number;
  /** Those that found nothing (content gaps). */
  noResult: number;
  /** Articles opened, from search and from suggestions. */
  views: number;
  /** Suggested articles opened while typing a first message. */
  suggestionOpens: number;
  /** Suggestion readers who started no conversation within 30 minutes. */
  deflected: number;
  /** "Was this helpful?" answers, and how many said yes. */
  feedback: number;
  helpful: number;
}

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
  /** Defaults to the data dir's SQLite store (opened and closed here). */
  store?: Store;
}

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same history.
 * @example const random = seededRandom(42); random() // 0.6011...
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Chats expected per hour at this local weekday (0 = Sunday) and hour: busy weekday late
 * mornings and early afternoons, quiet nights and weekends.
 * @example arrivalRate(2, 11) // 6
 */
export function arrivalRate(weekday: number, hour: number): number {
  const weekend = weekday === 0 || weekday === 6;
  const shape = [
    0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2, 3.5, 5, 6, 5, 5.5, 5, 4, 3, 2.5, 2, 1.6, 1.2,
    0.8, 0.5, 0.2,
  ];
  return (shape[hour] ?? 0) * (weekend ? 0.35 : 1);
}

interface Topic {
  id: 'order' | 'returns' | 'product';
  departmentId: string;
  dispositions: string[];
  visitor: string[];
  agent: string[];
}

const TOPICS: Topic[] = [
  {
    id: 'order',
    departmentId: 'orders',
    dispositions: ['order-status', 'billing', 'other'],
    visitor: [
      'Hi, where is my order?',
      'The tracking page has not changed for two days.',
      'Can I still change the delivery address?',
      'Thanks, that helps.',
      'Was I charged twice for the same order?',
    ],
    agent: [
      'Hi! Let me look that up for you.',
      'Your parcel left our warehouse yesterday and should arrive tomorrow.',
      'I have updated the address on the order.',
      'I can see a single charge; the second one is a pending authorisation that will drop off.',
      'Anything else I can help with?',
    ],
  },
  {
    id: 'returns',
    departmentId: 'orders',
    dispositions: ['return-refund', 'complaint', 'other'],
    visitor: [
      'I would like to return a jacket, it is too small.',
      'How long does a refund take?',
      'Can I exchange the boots for a bigger size?',
      'The zip on my backpack broke after a week.',
      'Great, thank you!',
    ],
    agent: [
      'Sorry it did not fit! I have sent you a prepaid return label.',
      'Refunds reach your account 3 to 5 working days after the return arrives.',
      'Yes, I have reserved the next size up for you.',
      'I am sorry about that; we will replace it free of charge.',
      'Happy to help. Have a great day!',
    ],
  },
  {
    id: 'product',
    departmentId: 'tech',
    dispositions: ['product-question', 'technical-issue', 'other'],
    visitor: [
      'Does the trail runner come in half sizes?',
      'Is the rain shell fully waterproof?',
      'How do I reset the headlamp?',
      'Which sleeping bag is warm enough for 0 degrees?',
      'Perfect, thanks.',
    ],
    agent: [
      'It does: sizes 38 to 47 with half sizes.',
      'Yes, it has taped seams and a 20k membrane.',
      'Hold the button for 5 seconds until it blinks twice.',
      'The Alpine 800 is rated comfortable down to -2 degrees.',
      'Glad I could help!',
    ],
  },
];

/** A Poisson-distributed count (Knuth's method; lambda is small here). */
function poissonSample(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Queries the demo shop's articles do not answer: they show as content gaps. */
const GAP_QUERIES = [
  'ski rental',
  'klarna',
  'layaway',
  'afterpay',
  'engraving',
  'kayak',
  'snowboard',
  'wholesale',
];

/** How much more often these demo articles are looked for than the rest. */
const POPULAR: Readonly<Record<string, number>> = {
  'order-status': 6,
  'track-parcel': 5,
  'start-a-return': 4,
  'returns-policy': 4,
  'refund-timing': 3,
  'shipping-costs': 3,
  'exchange-size': 2,
  'boot-sizing': 2,
  'delivery-times': 2,
  'promo-codes': 2,
};

/** Share of searches that look for something the articles do not cover. */
const GAP_SHARE = 0.08;
/** Visitors who search the help articles, per chat expected in the hour. */
const SEARCHERS_PER_CHAT = 0.9;
/** Visitors who open a suggestion and do not chat, per chat expected in the hour. */
const DEFLECTED_PER_CHAT = 0.36;
/** Share of first-time chatters who opened a suggestion while typing their first message. */
const CHATTERS_WHO_READ = 0.22;

interface DemoFaqInput {
  catalog: FaqCatalog;
  siteId: string;
  from: number;
  to: number;
  random: () => number;
  /** Chats expected in the hour starting here. */
  rateAt: (hour: number) => number;
  /** The generated conversations, oldest first: visitor, start and first message. */
  conversations: ReadonlyArray<{ visitorId: string; at: number; draft: string }>;
}

/**
 * Seeded FAQ activity over `[from, to)` (pure): visitors searching the help articles (a few for
 * things no article covers), opening results and answering "Was this helpful?"; visitors opening a
 * suggestion while typing a first message and never sending it; and some first-time chatters who
 * opened a suggestion minutes before starting their chat. Hits and result counts come from the
 * real catalog, so the numbers read like live data.
 */
function demoFaqActivity(input: DemoFaqInput): {
  searches: FaqSearchRecord[];
  views: ArticleViewRecord[];
  feedback: ArticleFeedbackRecord[];
} {
  const { catalog, siteId, from, to, random } = input;
  const searches: FaqSearchRecord[] = [];
  const views: ArticleViewRecord[] = [];
  const feedback: ArticleFeedbackRecord[] = [];
  const articles = catalog.all().filter((a) => a.published);
  if (articles.length === 0) return { searches, views, feedback };
  const weights = articles.map((a) => POPULAR[a.id] ?? 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const wantedArticle = () => {
    let roll = random() * total;
    for (let i = 0; i < articles.length; i++) {
      roll -= weights[i] ?? 0;
      if (roll < 0) return articles[i]!;
    }
    return articles[articles.length - 1]!;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const queryFor = (article: { title: string; tags: string[] }) =>
    pick([article.title.replace(/[?!.]+$/, ''), ...article.tags])
      .trim()
      .toLowerCase();
  let visitors = 0;
  const newVisitor = () => `v_demo_faq_${(++visitors).toString(36)}`;

  const search = (
    visitorId: string,
    query: string,
    purpose: FaqSearchRecord['purpose'],
    at: number,
  ) => {
    const text = query.trim().toLowerCase();
    const hits = catalog.search(
      siteId,
      'en',
      text,
      purpose === 'suggest' ? SUGGEST_LIMIT : SEARCH_LIMIT,
    );
    searches.push({ siteId, visitorId, query: text, results: hits.length, purpose, at });
    return hits;
  };
  const answered = new Set<string>();
  /** Open an article; some answer "Was this helpful?", `yes` of them with yes. */
  const read = (
    visitorId: string,
    articleId: string,
    source: ArticleViewRecord['source'],
    at: number,
    yes: number,
  ) => {
    views.push({ siteId, visitorId, articleId, source, at });
    // One answer per visitor and article (the store keeps the last).
    if (random() < 0.4 && !answered.has(`${visitorId} ${articleId}`)) {
      answered.add(`${visitorId} ${articleId}`);
      const answeredAt = at + 20_000 + Math.floor(random() * 120_000);
      if (answeredAt < to) {
        feedback.push({ siteId, visitorId, articleId, helpful: random() < yes, at: answeredAt });
      }
    }
  };

  for (let hour = from; hour < to; hour += HOUR) {
    const rate = input.rateAt(hour);
    // Searchers: one or two searches, most open a result.
    for (let i = poissonSample(random, rate * SEARCHERS_PER_CHAT); i > 0; i--) {
      const visitorId = newVisitor();
      let t = hour + Math.floor(random() * HOUR);
      const tries = random() < 0.25 ? 2 : 1;
      for (let k = 0; k < tries && t < to; k++) {
        const gap = random() < GAP_SHARE;
        const wanted = gap ? null : wantedArticle();
        const query = wanted
          ? queryFor(wanted)
          : (GAP_QUERIES[Math.floor(random() ** 2 * GAP_QUERIES.length)] ?? 'ski rental');
        const hits = search(visitorId, query, 'search', t);
        const hit = hits.find((h) => h.id === wanted?.id) ?? hits[0];
        if (hit && random() < 0.8) {
          t += 4_000 + Math.floor(random() * 30_000);
          if (t < to) read(visitorId, hit.id, 'search', t, 0.72);
          t += MINUTE + Math.floor(random() * 3 * MINUTE);
        } else {
          t += 10_000 + Math.floor(random() * 40_000);
        }
      }
    }
    // Suggestion readers who found their answer and never sent the message.
    for (let i = poissonSample(random, rate * DEFLECTED_PER_CHAT); i > 0; i--) {
      const visitorId = newVisitor();
      const wanted = wantedArticle();
      const at = hour + Math.floor(random() * HOUR);
      const hits = search(visitorId, wanted.title, 'suggest', at);
      const hit = hits.find((h) => h.id === wanted.id) ?? hits[0];
      const openedAt = at + 3_000 + Math.floor(random() * 20_000);
      if (hit && openedAt < to) read(visitorId, hit.id, 'suggestion', openedAt, 0.85);
    }
  }
  // First-time chatters who opened a suggestion, then started the chat anyway.
  const seen = new Set<string>();
  for (const chat of input.conversations) {
    if (seen.has(chat.visitorId)) continue;
    seen.add(chat.visitorId);
    if (random() >= CHATTERS_WHO_READ) continue;
    const at = chat.at - MINUTE - Math.floor(random() * 9 * MINUTE);
    if (at < from) continue;
    const hits = search(chat.visitorId, chat.draft, 'suggest', at);
    const hit = hits[Math.floor(random() * Math.min(2, hits.length))];
    const openedAt = at + 5_000 + Math.floor(random() * 20_000);
    if (hit && openedAt < chat.at && chat.at - openedAt <= DEFLECTION_WINDOW_MS) {
      read(chat.visitorId, hit.id, 'suggestion', openedAt, 0.3);
    }
  }
  const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;
  return {
    searches: searches.sort(byTime),
    views: views.sort(byTime),
    feedback: feedback.sort(byTime),
  };
}

/** The data dir is in use: a relay answers on the port, or holds the database open. */
export class DemoHistoryRefused extends Error {
  override name = 'DemoHistoryRefused';
}

/** True when something accepts TCP connections on the relay's configured port. */
function portInUse(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  const target = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return new Promise((resolve) => {
    const socket = connect({ host: target, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why the data dir must not be filled now, or null: a relay listening on the configured port, or
 * the database's write-ahead log present (a relay has it open; a crash can leave it behind).
 * @example await demoHistoryBlocker(config) // 'a relay is listening on port 8080'
 */
export async function demoHistoryBlocker(
  config: Pick<Config, 'host' | 'port' | 'dataDir'>,
): Promise<string | null> {
  if (await portInUse(config.host, config.port)) {
    return `a relay is listening on port ${config.port}`;
  }
  if (existsSync(join(config.dataDir, 'switchboard.db-wal'))) {
    return `the database in ${config.dataDir} is open (switchboard.db-wal exists): stop the relay`;
  }
  return null;
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
  const weeks = options.weeks ?? 1;
  const random = seededRandom(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const to = Math.floor(now / HOUR) * HOUR;
  const from = to - weeks * 7 * DAY;
  const own = !options.store;
  const store =
    options.store ??
    openSqliteStore(join(config.dataDir, 'switchboard.db'), { synchronous: 'normal' });
  try {
    const agents = createAgentDirectory({
      store,
      signer: createTokenSigner(loadSecret(config.dataDir, config.secret)),
      configured: config.agents,
    });
    await agents.sync();
    await seedRouting({ config, store, agents });
    const enabled = await agents.routingAgents();
    const departments = await store.listDepartments();
    const timeZone = departments[0]?.timeZone ?? 'UTC';
    const site = config.sites[0]?.id ?? 'demo';
    const dispositions = new Set(config.dispositions.map((d) => d.id));
    const supervisor = enabled.find((a) => a.role === 'supervisor') ?? enabled[0];
    if (!supervisor) throw new Error('No agent is enabled: sign-ins are needed for a history.');

    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const staff = (departmentId: string): RoutingAgent[] => {
      const ids = departments.find((d) => d.id === departmentId)?.agentIds ?? [];
      const members = enabled.filter((a) => ids.includes(a.id));
      return members.length > 0 ? members : enabled;
    };
    const poisson = (lambda: number) => poissonSample(random, lambda);
    const idOf = (prefix: string, n: number) =>
      `${prefix}_demo${(options.seed ?? 42).toString(36)}_${n.toString(36).padStart(5, '0')}`;

    const batches: AppendBatch[] = [];
    const closed: { id: string; agent: RoutingAgent; at: number }[] = [];
    let counter = 0;
    let surveys = 0;
    /** Returns (same visitor, same topic) still to write: [at, visitorId, topic]. */
    const returns: { at: number; visitorId: string; topic: Topic }[] = [];

    const conversation = (at: number, visitorId: string, topic: Topic) => {
      const id = idOf('c', ++counter);
      const events: ConversationEvent[] = [];
      let t = at;
      const push = (event: Record<string, unknown>) => {
        events.push({ ...event, seq: events.length + 1, at: Math.round(t) } as ConversationEvent);
      };
      const visitor = { id: visitorId, name: `Visitor ${visitorId.slice(-4)}` };
      const department = topic.departmentId;
      push({
        type: 'conversation.created',
        visitor,
        context: { url: 'https://demo.example/shop', locale: 'en', timeZone },
        routing: {
          departmentId: department,
          skills: department === 'tech' ? ['tech'] : [],
          priority: 0,
        },
        topic: topic.id,
      });
      const author = { role: 'visitor' as const, id: visitorId, name: visitor.name };
      push({
        type: 'message.created',
        id: `${id}_m0`,
        clientId: `${id}_c0`,
        author,
        text: pick(topic.visitor.slice(0, 4)),
      });
      // Waits: mostly short, a tail over the 20 s target.
      const waitMs = Math.round(-Math.log(1 - random()) * 11_000) + 1500;
      if (random() < 0.065) {
        const waited = 20_000 + Math.round(random() * 100_000);
        t += waited;
        push({
          type: 'conversation.closed',
          by: author,
          reason: 'abandoned',
          waitMs: waited,
        });
        return { id, events, visitor: visitorId, agent: null, resolved: false };
      }
      let agent = pick(staff(department));
      t += waitMs;
      push({ type: 'conversation.assigned', agent: { id: agent.id, name: agent.name } });
      const messages = 2 + Math.floor(random() * 7);
      for (let i = 1; i < messages; i++) {
        t += 20_000 + random() * 70_000;
        const fromAgent = i % 2 === 1;
        const who = fromAgent ? { role: 'agent' as const, id: agent.id, name: agent.name } : author;
        push({
          type: 'message.created',
          id: `${id}_m${i}`,
          clientId: `${id}_c${i}`,
          author: who,
          text: fromAgent ? pick(topic.agent) : pick(topic.visitor),
        });
        // A few go to a colleague halfway.
        if (i === 2 && random() < 0.06) {
          const other = staff(department).find((a) => a.id !== agent.id);
          if (other) {
            push({
              type: 'conversation.transferred',
              by: { id: agent.id, name: agent.name },
              to: { kind: 'agent', agent: { id: other.id, name: other.name } },
            });
            t += 5_000;
            push({ type: 'conversation.assigned', agent: { id: other.id, name: other.name } });
            agent = other;
          }
        }
      }
      t += 30_000 + random() * 60_000;
      push({
        type: 'conversation.closed',
        by: { role: 'agent', id: agent.id, name: agent.name },
        reason: 'ended',
      });
      const closedAt = t;
      t += 10_000 + random() * 80_000;
      const resolved = random() < 0.78;
      const dispositionId =
        topic.dispositions.find((d) => dispositions.has(d) && random() < 0.7) ??
        [...dispositions][0] ??
        'other';
      push({
        type: 'conversation.wrapped',
        by: { id: agent.id, name: agent.name },
        dispositionId,
        resolved,
      });
      if (random() < 0.35) {
        t += 30_000 + random() * 240_000;
        const roll = random();
        const csat = roll < 0.55 ? 5 : roll < 0.82 ? 4 : roll < 0.9 ? 3 : roll < 0.95 ? 2 : 1;
        const cesRoll = random();
        const ces =
          cesRoll < 0.45 ? 7 : cesRoll < 0.75 ? 6 : cesRoll < 0.88 ? 5 : cesRoll < 0.95 ? 4 : 2;
        push({ type: 'survey.submitted', csat, ...(random() < 0.8 ? { ces } : {}) });
        surveys++;
      }
      closed.push({ id, agent, at: closedAt });
      return { id, events, visitor: visitorId, agent, resolved };
    };

    let visitors = 0;
    for (let hour = from; hour < to; hour += HOUR) {
      const local = localTime(hour, timeZone);
      const count = poisson(arrivalRate(local.weekday, Math.floor(local.minute / 60)));
      const starts = Array.from({ length: count }, () => hour + Math.floor(random() * HOUR));
      const arrivals: { at: number; visitorId: string; topic: Topic }[] = [
        ...starts.map((at) => ({
          at,
          visitorId: `v_demo_${(++visitors).toString(36)}`,
          topic: pick(TOPICS),
        })),
        ...returns.filter((r) => r.at >= hour && r.at < hour + HOUR),
      ].sort((a, b) => a.at - b.at);
      for (const arrival of arrivals) {
        const made = conversation(arrival.at, arrival.visitorId, arrival.topic);
        const last = made.events.at(-1)?.at ?? arrival.at;
        if (last >= now) continue; // Only finished contacts: the history ends before now.
        let summary: ConversationSummary | null = null;
        for (const event of made.events) summary = applyEvent(summary, event, site, made.id);
        if (summary) batches.push({ conversation: summary, events: made.events });
        // About 10% come back on the same topic within the FCR window.
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
      await store.write({ appends: batches.slice(i, i + 200) });
    }

    // Callbacks: a few a weekday, with retries.
    const callbacks: Callback[] = [];
    for (let day = from; day < to; day += DAY) {
      const weekday = localTime(day + 12 * HOUR, timeZone).weekday;
      if (weekday === 0 || weekday === 6) continue;
      const count = 2 + Math.floor(random() * 3);
      for (let i = 0; i < count; i++) {
        const createdAt = day + 8 * HOUR + Math.floor(random() * 8 * HOUR);
        const n = callbacks.length + 1;
        const department = random() < 0.7 ? 'orders' : 'tech';
        const agent = pick(staff(department));
        const ref = { id: agent.id, name: agent.name };
        const attempts: CallbackAttempt[] = [];
        let t = createdAt + 10 * MINUTE + Math.floor(random() * 50 * MINUTE);
        const tries = random() < 0.3 ? 2 + Math.floor(random() * 2) : 1;
        for (let k = 1; k < tries; k++) {
          attempts.push({ at: t, agent: ref, outcome: random() < 0.7 ? 'no_answer' : 'voicemail' });
          t += 30 * MINUTE + Math.floor(random() * 90 * MINUTE);
        }
        const roll = random();
        const status: Callback['status'] =
          roll < 0.8 ? 'completed' : roll < 0.92 ? 'missed' : 'cancelled';
        if (status === 'completed') {
          attempts.push({
            at: t,
            agent: ref,
            outcome: random() < 0.8 ? 'resolved' : 'unresolved',
            dispositionId: department === 'orders' ? 'order-status' : 'product-question',
          });
        } else if (status === 'missed') {
          attempts.push({ at: t, agent: ref, outcome: 'no_answer' });
        }
        const updatedAt = attempts.at(-1)?.at ?? createdAt + HOUR;
        if (updatedAt >= now) continue;
        const answered = status === 'completed' && random() < 0.35;
        callbacks.push({
          id: idOf('cb', n),
          reference: `CB-D${n.toString(36).toUpperCase().padStart(3, '0')}`,
          siteId: site,
          visitor: { id: `v_demo_cb${n}`, name: `Customer ${n}` },
          name: `Customer ${n}`,
          // A fictional number from the range reserved for drama (Ofcom, UK).
          phone: `+447700900${String(100 + n).slice(-3)}`,
          departmentId: department,
          topic: department === 'orders' ? 'order' : 'product',
          window: null,
          status,
          dueAt: attempts.at(-1)?.at ?? createdAt,
          attempts,
          claimedBy: null,
          consent: config.sites[0]?.callback?.consentText ?? DEMO_CALLBACK.consentText,
          createdAt,
          updatedAt,
          ...(answered
            ? { survey: { csat: random() < 0.8 ? 5 : 3, ces: 6, at: updatedAt + HOUR } }
            : {}),
        });
        if (answered) surveys++;
      }
    }
    if (callbacks.length > 0) {
      await store.write({ callbacks: callbacks.map((callback) => ({ callback })) });
    }

    // A few QA reviews by the supervisor, of closed chats.
    const criteria = config.qa.criteria.map((c) => c.id);
    let reviews = 0;
    for (let i = 0; i < Math.min(6, closed.length); i++) {
      const chat = closed[Math.floor((i * closed.length) / 6)];
      if (!chat) continue;
      const review: QaReview = {
        id: idOf('qa', i + 1),
        conversationId: chat.id,
        agent: { id: chat.agent.id, name: chat.agent.name },
        reviewer: { id: supervisor.id, name: supervisor.name },
        scores: Object.fromEntries(criteria.map((c) => [c, 3 + Math.floor(random() * 3)])),
        ...(i % 2 === 0
          ? { comment: 'Clear answer; offer the return label earlier next time.' }
          : {}),
        at: chat.at + DAY,
      };
      if (review.at >= now) continue;
      await store.saveQaReview(review);
      reviews++;
    }

    // FAQ activity, from its own random stream so the chats of a seed stay as they were.
    const content = config.sites[0]?.content
      ? loadContentFolder(config.sites[0].content.dir).articles
      : [];
    const chats = batches.map(({ events }) => {
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
      from,
      to,
      random: seededRandom(((options.seed ?? 42) ^ 0x5eedfa9) >>> 0),
      rateAt: (hour) => {
        const local = localTime(hour, timeZone);
        return arrivalRate(local.weekday, Math.floor(local.minute / 60));
      },
      conversations: chats,
    });
    for (const record of faq.searches) await store.logSearch(record);
    for (const record of faq.views) await store.logArticleView(record);
    for (const record of faq.feedback) await store.saveFeedback(record);
    const opens = faq.views.filter((v) => v.source === 'suggestion');
    const chatStarts = new Map<string, number[]>();
    for (const chat of chats) {
      chatStarts.set(chat.visitorId, [...(chatStarts.get(chat.visitorId) ?? []), chat.at]);
    }
    const searched = faq.searches.filter((s) => s.purpose === 'search');

    return {
      conversations: batches.length,
      callbacks: callbacks.length,
      surveys,
      reviews,
      faq: {
        searches: searched.length,
        noResult: searched.filter((s) => s.results === 0).length,
        views: faq.views.length,
        suggestionOpens: opens.length,
        deflected: opens.filter(
          (open) =>
            !(chatStarts.get(open.visitorId) ?? []).some(
              (at) => at >= open.at && at <= open.at + DEFLECTION_WINDOW_MS,
            ),
        ).length,
        feedback: faq.feedback.length,
        helpful: faq.feedback.filter((f) => f.helpful).length,
      },
      from,
      to,
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
