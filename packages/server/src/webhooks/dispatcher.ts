import type { Callback, WebhookPayload } from '@switchboard/shared';
import type { Logger } from 'pino';
import { newId as defaultNewId } from '../ids.js';
import type { Store, WebhookDeliveryRecord, WebhookEventName } from '../store/types.js';
import { attemptDelivery, type ResolvedWebhook } from './attempt.js';

export type { ResolvedWebhook } from './attempt.js';

/** Waits between tries after a failure: 10 s, 1 min, 5 min, 30 min, 2 h; then failed. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [
  10_000, 60_000, 300_000, 1_800_000, 7_200_000,
];

/** How long one POST may take. @default 5000 */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** Longest single timer wait; a later delivery is re-armed when it fires. */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

export interface WebhookDispatcherOptions {
  store: Store;
  webhooks: readonly ResolvedWebhook[];
  logger?: Pick<Logger, 'warn' | 'info' | 'error'>;
  now?: () => number;
  newId?: (prefix: string) => string;
  /** @default DEFAULT_BACKOFF_MS */
  backoffMs?: readonly number[];
  /** @default WEBHOOK_TIMEOUT_MS */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Makes deliveries for callback changes and POSTs them, with retries, on one timer. */
export interface WebhookDispatcher {
  /** The deliveries of one change (one per webhook that hears `event`); the engine stores them. */
  enqueue(event: WebhookEventName, callback: Callback, now: number): WebhookDeliveryRecord[];
  /** New deliveries were stored: send what is due. */
  notify(): void;
  /** Resume the pending deliveries (after a restart). */
  start(): Promise<void>;
  /** Stop the timer and wait for the POST in flight. */
  stop(): Promise<void>;
}

/**
 * The webhook dispatcher. Deliveries live in the store, so they survive a restart; one timer is
 * armed at the soonest `nextAttemptAt`, and due deliveries are sent one after another.
 * @example const dispatcher = createWebhookDispatcher({ store, webhooks, logger }); await dispatcher.start()
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store, webhooks, logger } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? defaultNewId;
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const post = options.fetch ?? fetch;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  /** One POST; the record as it stands after it. */
  const context = { webhooks, post, now, timeoutMs, backoff, logger };

  /** Send every due delivery, then re-arm the timer on the soonest one left. */
  async function run(): Promise<void> {
    do {
      again = false;
      const pending = await store.pendingDeliveries();
      for (const record of pending) {
        if (stopped) return;
        if ((record.nextAttemptAt ?? 0) > now()) continue;
        await store.saveDelivery(stripUndefined(await attemptDelivery(record, context)));
      }
      if (stopped) return;
      const left = await store.pendingDeliveries();
      const soonest = Math.min(...left.map((d) => d.nextAttemptAt ?? 0));
      if (Number.isFinite(soonest)) arm(soonest);
    } while (again && !stopped);
  }

  function arm(at: number) {
    if (timer) clearTimeout(timer);
    const wait = Math.min(Math.max(at - now(), 0), MAX_TIMER_MS);
    timer = setTimeout(() => {
      timer = undefined;
      kick();
    }, wait);
    timer.unref?.();
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((error: unknown) => {
        logger?.error({ err: error }, 'webhook dispatcher failed');
        arm(now() + 10_000);
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    enqueue(event, callback, at) {
      const hearing = webhooks.filter((w) => w.events.has(event));
      if (hearing.length === 0) return [];
      const payload: WebhookPayload = { id: newId('evt'), event, createdAt: at, callback };
      const body = JSON.stringify(payload);
      return hearing.map((w) => ({
        id: newId('whd'),
        url: w.url,
        event,
        body,
        status: 'pending',
        attempts: 0,
        lastStatus: null,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      }));
    },
    notify: kick,
    async start() {
      // Again after a stop too: a cluster node that owns the routing core again.
      stopped = false;
      kick();
      await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

/** Drop undefined fields, so stored JSON has no holes. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
