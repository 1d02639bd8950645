import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('server-side rendering safety', () => {
  it('imports without a DOM (no window or document touched at import time)', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const widget = await import('../../src/index.js');
    const entry = await import('../../src/app/entry.js');
    expect(typeof widget.createWidget).toBe('function');
    expect(entry.createWidget).toBe(widget.createWidget);
    expect(entry.mount).toBe(widget.mount);
    expect(typeof entry.createHost).toBe('function');
    expect(widget.HOST_ID).toBe('switchboard-widget');
  });

  it('createWidget without a DOM logs one error and returns an inert widget', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { createWidget } = await import('../../src/index.js');
    const widget = createWidget({ siteId: 'demo', relayUrl: 'https://relay.example' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[Switchboard\] createWidget:/);
    expect(widget.shadowRoot).toBeNull();
    expect(() => {
      widget.open();
      widget.identify({ userId: 'u1' });
      widget.on('ready', () => {})();
      widget.destroy();
    }).not.toThrow();
    expect(error).toHaveBeenCalledTimes(1);
  });
});
