import { afterEach, describe, expect, it } from 'vitest';
import { mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { loadCallbackForm } from '../../src/views/CallbackPane.js';
import { loadChatViews } from '../../src/views/lazy-views.js';
import { createFakeRelay } from '../fake-relay.js';

let widget: WidgetHandle | null = null;

function mountWidget(): WidgetHandle {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: createFakeRelay().transport,
    storage: createMemoryStorage(),
  });
  return widget;
}

/** The shadow root's CSS, sheet by sheet, in cascade order (adopted sheets, or `<style>`s). */
function sheets(handle: WidgetHandle): string[] {
  const root = handle.shadowRoot;
  const adopted = (root.adoptedStyleSheets ?? []).map((sheet) =>
    Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n'),
  );
  const styles = Array.from(root.querySelectorAll('style'), (el) => el.textContent ?? '');
  return [...adopted, ...styles];
}

afterEach(() => {
  widget?.destroy();
  widget = null;
});

// One file, one order: the chunks load once per page, as in a browser.
describe('CSS per chunk', () => {
  it('the first load carries the shell only; a chunk brings its rules before it resolves, the theme stays last', async () => {
    const first = mountWidget();
    const before = sheets(first).join('\n');
    expect(before).toMatch(/\.launcher/);
    expect(before).toMatch(/\.composer/);
    // The survey, queue card and pre-chat fields' rules are not in the first load.
    expect(before).not.toMatch(/\.scale\b/);
    expect(before).not.toMatch(/\.queue-position/);
    expect(before).not.toMatch(/\.chip\b/);

    await loadChatViews();
    const after = sheets(first);
    const all = after.join('\n');
    expect(all).toMatch(/\.scale\b/);
    expect(all).toMatch(/\.queue-position/);
    expect(all).toMatch(/\.chip\b/);
    expect(all).not.toMatch(/\.slot-day/); // the callback form's: not yet
    // The theme (custom properties on :host) is still the last sheet: it wins.
    expect(after.at(-1)).toMatch(/--sb-brand:\s*#/);

    await loadCallbackForm();
    const withForm = sheets(first).join('\n');
    expect(withForm).toMatch(/\.slot-day/);
    // The form fields shared with the pre-chat form are adopted once.
    expect(withForm.match(/\.chip input:checked/g)).toHaveLength(1);
  });

  it('a widget mounted after the chunks arrived has their rules at once', () => {
    const later = mountWidget();
    const all = sheets(later).join('\n');
    expect(all).toMatch(/\.scale\b/);
    expect(all).toMatch(/\.slot-day/);
  });
});
