import { type BootSettings, checkBoot, checkListener, checkText, reportBadCall } from './api.js';
import { createEmitter, WIDGET_EVENTS, type WidgetEventName } from './events.js';
import { COMMANDS, createWidget, runCommand, type Widget, type WidgetSettings } from './mount.js';

/** Options of {@link createHost}. */
export interface HostOptions {
  /** From the script tag's data attributes; `boot` settings win over them. */
  defaults: BootSettings;
  /** Boot with the defaults unless the queue holds a `boot` (`data-site` without `data-manual-boot`). */
  autoBoot: boolean;
  /** Calls made through the stub before the app loaded, replayed in order. */
  queue?: ArrayLike<ArrayLike<unknown>>;
  /** @default createWidget */
  create?: (settings: WidgetSettings) => Widget;
}

/** `window.Switchboard(command, ...args)` after load: never throws. */
export type HostApi = (command: unknown, ...args: unknown[]) => unknown;

/**
 * The page's `Switchboard(command, ...args)`: `boot` and `shutdown` create and remove the widget,
 * `on`/`off` listeners outlive them, other commands go to the widget (held until the next `boot`
 * when there is none). Replays the stub's queue in order; a queued `boot` replaces the auto-boot.
 * @example const api = createHost({ defaults: { siteId: 'demo' }, autoBoot: true, queue: stub.q });
 */
export function createHost(options: HostOptions): HostApi {
  const create = options.create ?? createWidget;
  const events = createEmitter();
  let widget: Widget | null = null;
  let locale: string | undefined;
  let held: unknown[][] = [];

  const boot = (value: unknown) => {
    const settings = checkBoot('boot', value);
    if (!settings) return;
    if (widget) {
      reportBadCall('boot', 'the widget is already booted (call shutdown first)');
      return;
    }
    const merged = { ...options.defaults, ...settings };
    if (locale) merged.locale = locale;
    if (!merged.siteId) {
      reportBadCall('boot', 'siteId is required (or data-site on the script tag)');
      return;
    }
    const created = create(merged as WidgetSettings);
    widget = created;
    for (const name of WIDGET_EVENTS) {
      created.on(name, (payload) => {
        if (widget === created) events.emit(name, payload as never);
      });
    }
    for (const [name, ...args] of held.splice(0)) runCommand(created, name, args);
  };

  const api: HostApi = (name, ...args) => {
    try {
      switch (name) {
        case 'boot':
          return boot(args[0]);
        case 'shutdown':
          widget?.shutdown();
          widget = null;
          held = [];
          events.reset();
          return undefined;
        case 'on':
          if (!checkListener('on', args[0], args[1])) return () => {};
          return events.on(args[0] as WidgetEventName, args[1] as never);
        case 'off':
          if (checkListener('off', args[0], args[1])) {
            events.off(args[0] as WidgetEventName, args[1] as never);
          }
          return undefined;
        case 'setLocale': {
          const tag = checkText('setLocale', args[0], 'a BCP 47 locale such as "de"', 35);
          if (tag === null) return undefined;
          locale = tag;
          return widget?.setLocale(tag);
        }
        default:
          if (widget) return runCommand(widget, name, args);
          if (typeof name === 'string' && (COMMANDS as readonly string[]).includes(name)) {
            held.push([name, ...args]);
          } else runCommand({} as Widget, name, args);
          return undefined;
      }
    } catch (error) {
      console.error(`[Switchboard] ${String(name)} failed`, error);
      return undefined;
    }
  };

  const queue = Array.from(options.queue ?? [], (call) => Array.from(call));
  if (options.autoBoot && !queue.some(([name]) => name === 'boot')) api('boot');
  for (const [name, ...args] of queue) api(name, ...args);
  return api;
}
