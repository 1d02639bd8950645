import { type CompiledIssue, LIMITS, parseVisitorSchema } from '@switchboard/shared';
import type { IdentifyInput, UpdateInput } from '../client/session-types.js';
import { WIDGET_EVENTS, type WidgetEventName } from './events.js';

/** What `boot` (and `createWidget`) accepts. Every field is optional for `boot`: the script tag's data attributes fill in. */
export interface BootSettings {
  /** The site id configured on the relay (`data-site`). @example 'demo' */
  siteId?: string;
  /** The relay's origin (`data-relay`). @default the origin widget.js was loaded from */
  relayUrl?: string;
  /** BCP 47 locale; en, de, fr, es, ar, ja (others fall back to English). @default the page's or the browser's */
  locale?: string;
  /** The department this page's chats go to (`data-department`). */
  departmentId?: string;
  /** Routing priority 0 to 10 (`data-priority`). */
  priority?: number;
  /** CSP nonce for the `<style>` fallback (`data-nonce`). */
  nonce?: string;
  /** Start with the launcher hidden (the panel still opens through the API). */
  hideLauncher?: boolean;
  /** Identify right after boot. */
  user?: IdentifyInput;
}

/** What `startChat` accepts. */
export interface StartChatOptions {
  /** Sent as the visitor's first message. */
  message?: string;
}

/** What `requestCallback` accepts. */
export interface RequestCallbackOptions {
  prefill?: { phone?: string; name?: string; note?: string };
}

/** Report a bad call: one console.error naming the command. Never throws. */
export function reportBadCall(command: string, problem: string): void {
  console.error(`[Switchboard] ${command}: ${problem}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function firstIssue(issues: readonly CompiledIssue[]) {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * `identify`'s argument, checked with the shared `VisitorIdentify` schema (compiled: no zod in the
 * widget); null after reporting.
 */
export function checkIdentify(command: string, value: unknown): IdentifyInput | null {
  if (!isObject(value)) {
    reportBadCall(command, 'expected an object like { userId, userHash? }');
    return null;
  }
  const { resume: _resume, type: _type, ...input } = value;
  const parsed = parseVisitorSchema('VisitorIdentify', { ...input, type: 'visitor.identify' });
  if (!parsed.success) {
    reportBadCall(command, firstIssue(parsed.issues));
    return null;
  }
  const { type: _t, resume: _r, ...checked } = parsed.data;
  return checked;
}

/** `setAttributes`'s argument, checked with the shared `VisitorUpdate` schema (compiled); null after reporting. */
export function checkUpdate(command: string, value: unknown): UpdateInput | null {
  if (!isObject(value)) {
    reportBadCall(command, 'expected an object like { name?, email?, phone?, attributes? }');
    return null;
  }
  const { type: _type, ...input } = value;
  const parsed = parseVisitorSchema('VisitorUpdate', { ...input, type: 'visitor.update' });
  if (!parsed.success) {
    reportBadCall(command, firstIssue(parsed.issues));
    return null;
  }
  const { type: _t, ...checked } = parsed.data;
  if (Object.keys(checked).length === 0) {
    reportBadCall(command, 'nothing to set');
    return null;
  }
  return checked;
}

/** A non-empty string up to `max` characters; null after reporting. */
export function checkText(command: string, value: unknown, what: string, max: number) {
  if (typeof value !== 'string' || !value.trim() || value.length > max) {
    reportBadCall(command, `expected ${what} (a non-empty string of at most ${max} characters)`);
    return null;
  }
  return value;
}

/** `on`/`off` arguments; false after reporting. */
export function checkListener(
  command: string,
  event: unknown,
  fn: unknown,
): event is WidgetEventName {
  if (typeof event !== 'string' || !WIDGET_EVENTS.includes(event as WidgetEventName)) {
    reportBadCall(
      command,
      `unknown event ${JSON.stringify(event)} (one of ${WIDGET_EVENTS.join(', ')})`,
    );
    return false;
  }
  if (typeof fn !== 'function') {
    reportBadCall(command, `the listener of "${event}" must be a function`);
    return false;
  }
  return true;
}

/** `startChat`'s optional argument; null after reporting. */
export function checkStartChat(command: string, value: unknown): StartChatOptions | null {
  if (value === undefined) return {};
  if (!isObject(value)) {
    reportBadCall(command, 'expected { message?: string } or nothing');
    return null;
  }
  if (value.message === undefined) return {};
  const message = checkText(command, value.message, 'message', LIMITS.messageChars);
  return message === null ? null : { message };
}

/** `requestCallback`'s optional argument; null after reporting. */
export function checkCallback(command: string, value: unknown): RequestCallbackOptions | null {
  if (value === undefined) return {};
  if (!isObject(value) || (value.prefill !== undefined && !isObject(value.prefill))) {
    reportBadCall(command, 'expected { prefill?: { phone?, name?, note? } } or nothing');
    return null;
  }
  const prefill: NonNullable<RequestCallbackOptions['prefill']> = {};
  for (const key of ['phone', 'name', 'note'] as const) {
    const field = (value.prefill as Record<string, unknown> | undefined)?.[key];
    if (field === undefined) continue;
    if (typeof field !== 'string' || field.length > 500) {
      reportBadCall(command, `prefill.${key} must be a string of at most 500 characters`);
      return null;
    }
    prefill[key] = field;
  }
  return { prefill };
}

const BOOT_STRINGS = ['siteId', 'relayUrl', 'locale', 'departmentId', 'nonce'] as const;

/** `boot`'s optional settings (routing values are checked again by mount); null after reporting. */
export function checkBoot(command: string, value: unknown): BootSettings | null {
  if (value === undefined) return {};
  if (!isObject(value)) {
    reportBadCall(command, 'expected a settings object or nothing');
    return null;
  }
  const settings: BootSettings = {};
  for (const key of BOOT_STRINGS) {
    const field = value[key];
    if (field === undefined) continue;
    if (typeof field !== 'string' || field.length > LIMITS.urlChars) {
      reportBadCall(command, `${key} must be a string`);
      return null;
    }
    settings[key] = field;
  }
  if (value.priority !== undefined) {
    if (typeof value.priority !== 'number') {
      reportBadCall(command, 'priority must be a number from 0 to 10');
      return null;
    }
    settings.priority = value.priority;
  }
  if (value.hideLauncher !== undefined) {
    if (typeof value.hideLauncher !== 'boolean') {
      reportBadCall(command, 'hideLauncher must be true or false');
      return null;
    }
    settings.hideLauncher = value.hideLauncher;
  }
  if (value.user !== undefined) {
    const user = checkIdentify(`${command} user`, value.user);
    if (!user) return null;
    settings.user = user;
  }
  return settings;
}
