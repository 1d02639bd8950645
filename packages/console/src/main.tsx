import { render } from 'preact';
import { ConsoleApp } from './ConsoleApp.js';
import { createSocketTransport } from './client/socket-transport.js';
// The console's CSS, one file per area; the order is the cascade's, so keep it.
import './styles/base.css';
import './styles/sign-in.css';
import './styles/workspace.css';
import './styles/inbox.css';
import './styles/conversation.css';
import './styles/context-panel.css';
import './styles/top-bar-views.css';
import './styles/offers.css';
import './styles/conversation-actions.css';
import './styles/dialog.css';
import './styles/team.css';
import './styles/team-editors.css';
import './styles/narrow-screens.css';
import './styles/callbacks.css';
import './styles/articles.css';
import './styles/appearance.css';
import './styles/identity.css';
import './styles/reports.css';
import './styles/quality.css';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const root = document.getElementById('app');
if (root) {
  render(
    <ConsoleApp
      fetch={window.fetch.bind(window)}
      storage={browserStorage()}
      connect={(token) => createSocketTransport(token)}
    />,
    root,
  );
}
