import type { AgentToServer, Kpis, WallboardData } from '@switchboard/shared';
import { act } from '@testing-library/preact';
import { SESSION_KEY } from '../../../src/client/session-storage.js';
import { flush } from './fake-transport.js';
import { routingWelcome, SUPERVISOR, T0 } from './fixtures.js';
import { memoryStorage, renderConsole } from './render-console.js';

/** A KPI set with nothing in it; override what a test needs. */
export function kpis(overrides: Partial<Kpis> = {}): Kpis {
  return {
    contacts: 0,
    answered: 0,
    abandoned: 0,
    firstResponseSec: null,
    asaSec: null,
    ahtSec: null,
    serviceLevel: null,
    abandonmentRate: null,
    fcr: null,
    csat: null,
    csatAverage: null,
    csatResponses: 0,
    ces: null,
    cesResponses: 0,
    deflectionRate: null,
    callbacksRequested: 0,
    callbacksCompleted: 0,
    callbackCompletionRate: null,
    callbackOnTimeRate: null,
    ...overrides,
  };
}

/** Today so far: 40 contacts, 35 answered, 3 abandoned, 72% in 20 s against 80%. */
export function wallboardData(overrides: Partial<WallboardData> = {}): WallboardData {
  return {
    at: T0,
    since: T0 - 13 * 3600_000,
    target: { targetSec: 20, goal: 0.8 },
    today: kpis({
      contacts: 40,
      answered: 35,
      abandoned: 3,
      serviceLevel: 0.72,
      csat: 0.9,
      csatResponses: 10,
      asaSec: 18,
      ahtSec: 245,
    }),
    hourly: [
      { start: T0 - 2 * 3600_000, contacts: 12, serviceLevel: 0.5 },
      { start: T0 - 3600_000, contacts: 20, serviceLevel: 0.85 },
      { start: T0, contacts: 8, serviceLevel: null },
    ],
    ...overrides,
  };
}

/** A signed-in supervisor's storage. */
export function supervisorSession() {
  return memoryStorage({
    [SESSION_KEY]: JSON.stringify({
      token: 'tok-1',
      expiresAt: T0 + 8 * 3600_000,
      agent: SUPERVISOR,
    }),
  });
}

/**
 * Render the console signed in as a supervisor on `hash`, with a relay that welcomes with routing
 * and the wallboard and answers the rest with `answer` (or `ok`).
 */
export async function startSupervisor(options: {
  hash: string;
  answer?: (frame: AgentToServer) => unknown;
  now?: () => number;
  fetch?: typeof fetch;
}) {
  window.location.hash = options.hash;
  const view = renderConsole({
    respond: (frame) => {
      const answered = options.answer?.(frame);
      if (answered !== undefined) return answered;
      if (frame.type === 'agent.hello') {
        return { ...routingWelcome([]), agent: SUPERVISOR, wallboard: wallboardData() };
      }
      return { type: 'ok' };
    },
    storage: supervisorSession(),
    now: options.now ?? (() => T0),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  await act(async () => {
    await flush(10);
  });
  return view;
}

/** The definition (`<dd>`) that follows the term (`<dt>`) with this text, inside `root`. */
export function definition(root: HTMLElement, term: string | RegExp): string {
  const terms = Array.from(root.querySelectorAll('dt'));
  const dt = terms.find((el) =>
    typeof term === 'string' ? el.textContent === term : term.test(el.textContent ?? ''),
  );
  if (!dt) throw new Error(`no term ${String(term)}`);
  return dt.nextElementSibling?.textContent ?? '';
}
