import { createWidget } from '@switchboard/widget';

// The relay to talk to: `?relay=` for the smoke test, else a relay started with `pnpm start`.
const relayUrl = new URLSearchParams(location.search).get('relay') ?? 'http://localhost:8080';

const widget = createWidget({ relayUrl, siteId: 'demo', hideLauncher: false });

// Your own button opens the chat; the unread count shows in your own UI.
document.getElementById('help')?.addEventListener('click', () => widget.startChat());
const unread = document.getElementById('unread');
widget.on('unread', ({ count }) => {
  if (unread) unread.textContent = count > 0 ? `${count} new` : '';
});
widget.on('ready', ({ visitorId }) => {
  document.documentElement.dataset.switchboardVisitor = visitorId;
});
