import { describe, expect, it } from 'vitest';

describe('server-side rendering safety', () => {
  it('imports without a DOM (no window or document touched at import time)', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const widget = await import('../../src/index.js');
    const entry = await import('../../src/app/entry.js');
    expect(typeof widget.mount).toBe('function');
    expect(entry.mount).toBe(widget.mount);
    expect(widget.HOST_ID).toBe('switchboard-widget');
  });
});
