import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Recorded = {
  options: { defaults: Record<string, unknown>; autoBoot: boolean };
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
  it('queues calls in order, then imports the entry next to itself and hands them over', async () => {
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
    expect(recorded.options.defaults).toEqual({
      relayUrl: 'https://relay.example',
      siteId: 'demo',
    });
    expect(recorded.options.autoBoot).toBe(true);
    expect(recorded.queueAtMount).toEqual([['open'], ['close', 1]]);
    // After loading, Switchboard(...) goes straight to the app, and returns what it returns.
    w.Switchboard?.('toggle');
    const off = w.Switchboard?.('on', 'unread', () => {}) as unknown;
    expect(typeof off).toBe('function');
    (off as () => void)();
    expect(recorded.calls).toEqual([
      ['toggle'],
      ['on', 'unread', expect.any(Function)],
      ['unsubscribed'],
    ]);
  });

  it('passes data-department, data-priority, data-locale and data-nonce', async () => {
    fakeScript({
      src: `${fixtures}widget.js`,
      'data-site': 'demo',
      'data-department': 'orders',
      'data-priority': '7',
      'data-locale': 'de-CH',
      'data-nonce': 'abc123',
    });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    expect(w.__switchboardTest?.options.defaults).toMatchObject({
      departmentId: 'orders',
      priority: 7,
      locale: 'de-CH',
      nonce: 'abc123',
    });
  });

  it('passes no routing when the tag has none, and relayUrl defaults to its own origin', async () => {
    fakeScript({ src: `${fixtures}widget.js`, 'data-site': 'demo' });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    const defaults = w.__switchboardTest?.options.defaults as Record<string, unknown>;
    expect(defaults.departmentId).toBeUndefined();
    expect(defaults.priority).toBeUndefined();
    expect(defaults.relayUrl).toBe(new URL(fixtures).origin);
  });

  it('does not auto-boot with data-manual-boot', async () => {
    fakeScript({ src: `${fixtures}widget.js`, 'data-site': 'demo', 'data-manual-boot': '' });
    await runLoader();
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    expect(w.__switchboardTest?.options.autoBoot).toBe(false);
  });

  it('without data-site waits for a boot with siteId, and reports nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    fakeScript({ src: `${fixtures}widget.js` });
    await runLoader();
    w.Switchboard?.('boot', { siteId: 'demo' });
    await vi.waitFor(() => expect(w.__switchboardTest).toBeDefined(), { timeout: 3_000 });
    expect(w.__switchboardTest?.options.autoBoot).toBe(false);
    expect(w.__switchboardTest?.queueAtMount).toEqual([['boot', { siteId: 'demo' }]]);
    expect(error).not.toHaveBeenCalled();
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

  it('never throws into the page: a tag without src is one console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    fakeScript({ 'data-site': 'demo' });
    await expect(runLoader()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toBe('[Switchboard]');
    expect(typeof w.Switchboard).toBe('function');
  });
});
