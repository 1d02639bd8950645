import { render } from 'preact';
import { ConsoleApp } from './ConsoleApp.js';
import { createSocketTransport } from './client/socket-transport.js';
import './styles.css';

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
