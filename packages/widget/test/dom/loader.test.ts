import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Recorded = {
  options: { relayUrl: string; siteId: string; departmentId?: string; priority?: number };
  calls: unknown[][];
  queueAtMount: unknown[][];
};
type TestWindow = Window & {
  Switchboard?: ((...args: unknown[]) => void) & { q?: unknown[] };
  __switchboardTest?: Recorded;
};
const w = window as TestWindow;
const fixtures = pathToFileURL(`${import.meta.dirname}/../fixtures/`).href;

function fakeScript(attrs: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  return script;
}

async function runLoader() {
  vi.resetModules();
  await import('../../src/embed/loader.js');
}

beforeEach(() => {
  vi.stubGlobal('__SB_ENTRY__', 'fake-entry.js');
  delete w.Switchboard;
  delete w.__switchboardTest;
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(document, 'currentScript');
});

describe('loader (widget.js)', () => {
  it('queues calls in order, then imports the entry next to itself and mounts with them', async () => {
    fakeScript({
      src: `${fixtures}widget.js`,
      'data-site': 'demo',
      'data-relay': 'https://relay.example',
    });
    await runLoader();
    expect(typeof w.Switchboard).toBe('function');
    w.Switchboard?.('open');
    w.Switchboard?.('close', 1);
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    const recorded = w.__switchboardTest as Recorded;
    expect(recorded.options).toMatchObject({ relayUrl: 'https://relay.example', siteId: 'demo' });
    expect(recorded.queueAtMount).toEqual([['open'], ['close', 1]]);
    // After mounting, Switchboard(...) goes straight to the widget.
    w.Switchboard?.('toggle');
    expect(recorded.calls).toEqual([['toggle']]);
  });

  it('passes data-department and data-priority to mount', async () => {
    fakeScript({
      src: `${fixtures}widget.js`,
      'data-site': 'demo',
      'data-department': 'orders',
      'data-priority': '7',
    });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    expect(w.__switchboardTest?.options).toMatchObject({ departmentId: 'orders', priority: 7 });
  });

  it('passes no routing when the tag has none', async () => {
    fakeScript({ src: `${fixtures}widget.js`, 'data-site': 'demo' });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    const options = w.__switchboardTest?.options as Record<string, unknown>;
    expect(options.departmentId).toBeUndefined();
    expect(options.priority).toBeUndefined();
  });

  it('keeps a stub the page defined first, with its queued calls', async () => {
    const stub = Object.assign((...args: unknown[]) => stub.q.push(args), {
      q: [['open']] as unknown[],
    });
    w.Switchboard = stub;
    fakeScript({ src: `${fixtures}widget.js`, 'data-site': 'demo' });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    expect(w.__switchboardTest?.queueAtMount).toEqual([['open']]);
  });

  it('never throws into the page: a missing data-site is one console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    fakeScript({ src: `${fixtures}widget.js` });
    await expect(runLoader()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toBe('[Switchboard]');
    expect(typeof w.Switchboard).toBe('function');
  });
});
