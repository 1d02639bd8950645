import type { AgentToServer } from '@switchboard/shared';
import { cleanup, render } from '@testing-library/preact';
import { afterEach, vi } from 'vitest';
import { ConsoleApp } from '../../../src/ConsoleApp.js';
import { SESSION_KEY } from '../../../src/client/session-storage.js';
import { createFakeTransport, type FakeTransport, type Responder } from './fake-transport.js';
import { AGENT, T0 } from './fixtures.js';

// No vitest globals, so Testing Library cannot register its own cleanup: do it here.
afterEach(() => {
  cleanup();
  window.location.hash = '';
});

/** A Map-backed Storage, so each test starts clean. */
export function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

export function signedIn(expiresAt = T0 + 8 * 3600_000) {
  return { [SESSION_KEY]: JSON.stringify({ token: 'tok-1', expiresAt, agent: AGENT }) };
}

interface Options {
  respond?: Responder;
  storage?: ReturnType<typeof memoryStorage>;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Render the whole console with a fake relay; the transport connects when the test says so. */
export function renderConsole(options: Options = {}) {
  const storage = options.storage ?? memoryStorage(signedIn());
  const transports: FakeTransport[] = [];
  const tokens: string[] = [];
  let ids = 0;
  const fetchMock = options.fetch ?? (vi.fn() as unknown as typeof fetch);
  const result = render(
    <ConsoleApp
      fetch={fetchMock}
      storage={storage}
      now={options.now ?? (() => T0 + 60_000)}
      newId={() => `k${++ids}`}
      connect={(token) => {
        tokens.push(token);
        const transport = createFakeTransport(
          options.respond ?? ((f: AgentToServer) => ({ type: 'ok', f })),
        );
        transports.push(transport);
        return transport;
      }}
    />,
  );
  return {
    ...result,
    storage,
    fetch: fetchMock,
    tokens,
    transports,
    get transport(): FakeTransport {
      const last = transports.at(-1);
      if (!last) throw new Error('not connected');
      return last;
    },
  };
}
