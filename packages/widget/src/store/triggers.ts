import type { ProactiveTrigger } from '@switchboard/shared';

/**
 * Whether a URL path matches a trigger's pattern, where `*` matches any characters (also none and
 * `/`) and everything else is literal; the whole path must match. No pattern matches every page.
 * @example pathMatches('/pricing*', '/pricing/teams') // true
 */
export function pathMatches(pattern: string | undefined, pathname: string): boolean {
  if (pattern === undefined) return true;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return pathname === pattern;
  if (!pathname.startsWith(first)) return false;
  if (pathname.length < first.length + last.length || !pathname.endsWith(last)) return false;
  // The middle pieces in order, greedy from the left, between the fixed start and end.
  let at = first.length;
  const end = pathname.length - last.length;
  for (const piece of parts.slice(1, -1)) {
    const found = pathname.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** What decides whether a greeting may be scheduled. */
export interface TriggerContext {
  /** `location.pathname` of the page. */
  pathname: string;
  /** Ids of the greetings this visitor has already seen. */
  seen: ReadonlySet<string>;
  /** The visitor has an open conversation (or a message on its way): no greetings at all. */
  chatting: boolean;
}

/**
 * The greetings that may show on this page, soonest first: matching the path, not seen before,
 * and none at all for a visitor who is already chatting.
 * @example dueTriggers(site.triggers, { pathname: '/pricing', seen: new Set(), chatting: false })
 */
export function dueTriggers(
  triggers: readonly ProactiveTrigger[] | undefined,
  context: TriggerContext,
): ProactiveTrigger[] {
  if (!triggers || context.chatting) return [];
  return triggers
    .filter((t) => !context.seen.has(t.id) && pathMatches(t.urlPattern, context.pathname))
    .sort((a, b) => a.afterSec - b.afterSec);
}

/**
 * The storage key of the greetings a visitor has seen on a site (a JSON array of trigger ids).
 * @example greetingsKey('demo') // 'switchboard:demo:greetings'
 */
export function greetingsKey(siteId: string): string {
  return `switchboard:${siteId}:greetings`;
}
