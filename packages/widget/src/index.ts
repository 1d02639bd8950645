/**
 * @switchboard/widget for bundlers: `mount` the widget yourself instead of using the script tag.
 * @example
 * import { mount } from '@switchboard/widget';
 * mount({ relayUrl: 'https://chat.example.com', siteId: 'demo' });
 */
export {
  HOST_ID,
  type MountOptions,
  mount,
  type WidgetEvents,
  type WidgetHandle,
} from './app/mount.js';
export type { SessionStatus, StatusChange } from './client/session.js';
export type { KeyValueStorage } from './client/storage.js';
export type { Transport, TransportAuth, TransportStatus } from './client/transport.js';
export type { Catalog } from './i18n/en.js';
export type { AlternativeChoice } from './store/chat-store.js';
