/**
 * @switchboard/widget for bundlers: create the widget yourself instead of using the script tag.
 * Importing is side-effect free and SSR-safe.
 * @example
 * import { createWidget } from '@switchboard/widget';
 * const widget = createWidget({ relayUrl: 'https://chat.example.com', siteId: 'demo' });
 * const off = widget.on('unread', ({ count }) => console.log(count));
 */
export type { BootSettings, RequestCallbackOptions, StartChatOptions } from './app/api.js';
export type { WidgetEventMap, WidgetEventName, WidgetListener } from './app/events.js';
export {
  createWidget,
  HOST_ID,
  type MountOptions,
  mount,
  type Widget,
  type WidgetEvents,
  type WidgetHandle,
  type WidgetSettings,
} from './app/mount.js';
export type { SessionStatus, StatusChange } from './client/session.js';
export type { IdentifyInput, UpdateInput } from './client/session-types.js';
export type { KeyValueStorage } from './client/storage.js';
export type { TabChannel, TabMessage } from './client/tabs.js';
export type { Transport, TransportAuth, TransportStatus } from './client/transport.js';
export type { Catalog, CoreCatalog, ViewCatalog } from './i18n/en.js';
export type { AlternativeChoice } from './store/types.js';
