import type { SiteInfo } from '@switchboard/shared';
import { fireEvent, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { loadChatViews } from '../../src/views/lazy-views.js';
import {
  agentMessage,
  assigned,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  site,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;

async function mountWith(siteInfo: SiteInfo, conversation: Parameters<typeof welcome>[0] = null) {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: relay.transport,
    storage: createMemoryStorage(),
  });
  ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
  relay.open();
  relay.take('session.hello').reply(welcome(conversation, 'token-1', siteInfo));
  await settle();
}

/** All CSS in the shadow root: adopted sheets or the `<style>` fallback. */
function themeText(): string {
  const root = widget.shadowRoot;
  const adopted = (root.adoptedStyleSheets ?? []).flatMap((sheet) =>
    Array.from(sheet.cssRules, (rule) => rule.cssText),
  );
  const styles = Array.from(root.querySelectorAll('style'), (el) => el.textContent ?? '');
  return [...adopted, ...styles].join('\n');
}

const theme = {
  position: 'left',
  offsetX: 24,
  offsetY: 16,
  launcherLabel: 'Chat with us',
  mode: 'dark',
  sound: false,
} as const;

// The secondary views are a lazy chunk the app prefetches when the browser is idle after it
// mounts; here it is already in, as it is by the time a visitor uses them.
beforeAll(async () => {
  await loadChatViews();
});

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => {
  widget?.destroy();
});

describe('theming from the server', () => {
  it('applies colour, corner and mode, and a site.updated push restyles at once', async () => {
    await mountWith({ ...site, color: '#ffcc00', theme });
    expect(themeText()).toMatch(/--sb-brand:\s*#ffcc00/);
    expect(themeText()).toMatch(/--sb-on-brand:\s*#000000/);
    expect(themeText()).toMatch(/--sb-left:\s*24px/);
    expect(themeText()).toMatch(/--sb-bg:\s*#1c1f24/);

    await relay.push({ type: 'site.updated', site: { ...site, color: '#0b3d91' } });
    await settle();
    expect(themeText()).toMatch(/--sb-brand:\s*#0b3d91/);
    expect(themeText()).toMatch(/--sb-on-brand:\s*#ffffff/);
    expect(themeText()).toMatch(/--sb-right:\s*20px/);
  });

  it('shows the launcher label as a pill whose name still says it opens the chat', async () => {
    await mountWith({ ...site, theme });
    const launcher = ui.getByRole('button', { name: 'Chat with us – open chat' });
    expect(launcher.textContent).toContain('Chat with us');
    fireEvent.click(launcher);
    await settle();
    expect(ui.getByRole('button', { name: 'Close chat' }).textContent).not.toContain(
      'Chat with us',
    );
  });
});

describe('the preview bubble', () => {
  const chatting = { id: 'c-1', events: [created(), assigned(2)] };
  const reply = () =>
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(3, 'Yes, in 3 to 5 days.'),
    });

  it('shows an agent reply that arrives while closed; clicking it opens the chat', async () => {
    await mountWith(site, chatting);
    expect(ui.queryByRole('region', { name: 'New message' })).toBeNull();
    await reply();
    await settle();
    const bubble = ui.getByRole('region', { name: 'New message' });
    expect(within(bubble).getByText('Ada Lovelace wrote')).toBeTruthy();
    fireEvent.click(within(bubble).getByRole('button', { name: /Yes, in 3 to 5 days\./ }));
    await settle();
    expect(ui.getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    expect(ui.queryByRole('region', { name: 'New message' })).toBeNull();
  });

  it('Dismiss closes it and puts the focus back on the launcher; the unread count stays', async () => {
    await mountWith(site, chatting);
    await reply();
    await settle();
    fireEvent.click(ui.getByRole('button', { name: 'Dismiss' }));
    await settle();
    expect(ui.queryByRole('region', { name: 'New message' })).toBeNull();
    expect(widget.shadowRoot.activeElement).toBe(ui.getByRole('button', { name: 'Open chat' }));
    expect(ui.getByText('1 unread message')).toBeTruthy();
  });
});

describe('keyboard', () => {
  it('Escape closes the panel and the focus returns to the launcher', async () => {
    await mountWith(site);
    fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
    await settle();
    const dialog = ui.getByRole('dialog', { name: 'Fernhill Outfitters' });
    expect(widget.shadowRoot.activeElement).toBe(ui.getByRole('textbox', { name: 'Message' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await settle();
    expect(ui.queryByRole('dialog')).toBeNull();
    expect(widget.shadowRoot.activeElement).toBe(ui.getByRole('button', { name: 'Open chat' }));
  });
});
