import type { Widget } from '@switchboard/widget';
import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SwitchboardWidget } from './SwitchboardWidget.js';

const relayUrl = new URLSearchParams(location.search).get('relay') ?? 'http://localhost:8080';

function App() {
  const widget = useRef<Widget | null>(null);
  const [unread, setUnread] = useState(0);
  return (
    <main>
      <h1>Your React app</h1>
      <p>
        <button type="button" onClick={() => widget.current?.startChat()}>
          Get help{unread > 0 ? ` (${unread} new)` : ''}
        </button>
      </p>
      <SwitchboardWidget
        relayUrl={relayUrl}
        siteId="demo"
        onReady={(w) => {
          widget.current = w;
        }}
        onUnread={setUnread}
      />
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
