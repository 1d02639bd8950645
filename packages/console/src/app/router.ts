/**
 * The console's screens: the agent workspace, the callbacks queue and quality, and, for
 * supervisors, the team, articles, appearance, wallboard, reports and forecast views.
 */
export type ConsoleView =
  | 'inbox'
  | 'callbacks'
  | 'team'
  | 'articles'
  | 'appearance'
  | 'quality'
  | 'wallboard'
  | 'reports'
  | 'forecast';

const CONVERSATION_PREFIX = '#/c/';

/** The hash of each screen but the inbox, which is anything else (`#/`, `#/c/<id>`). */
const VIEW_HASHES: ReadonlyMap<string, ConsoleView> = new Map<string, ConsoleView>([
  ['#/team', 'team'],
  ['#/appearance', 'appearance'],
  ['#/wallboard', 'wallboard'],
  ['#/reports', 'reports'],
  ['#/forecast', 'forecast'],
  ['#/articles', 'articles'],
  ['#/callbacks', 'callbacks'],
  ['#/quality', 'quality'],
]);

/** The screens only supervisors see; an agent who opens one gets the inbox. */
const SUPERVISOR_VIEWS: ReadonlySet<ConsoleView> = new Set<ConsoleView>([
  'team',
  'articles',
  'appearance',
  'wallboard',
  'reports',
  'forecast',
]);

/**
 * The screen the URL hash names: `#/callbacks` the callbacks queue, `#/team` the supervisors'
 * Team view, `#/articles` their help articles and self-service metrics, `#/appearance` the
 * widget's look per site, and so on; anything else the inbox.
 * @example viewFromHash('#/reports') // 'reports'
 */
export function viewFromHash(hash: string): ConsoleView {
  return VIEW_HASHES.get(hash) ?? 'inbox';
}

/** The screen shown for the one asked: the inbox instead of a supervisors' screen for an agent. */
export function visibleView(view: ConsoleView, supervisor: boolean): ConsoleView {
  return SUPERVISOR_VIEWS.has(view) && !supervisor ? 'inbox' : view;
}

/** The conversation id in the URL hash (`#/c/<id>`), so a reload reopens it. */
export function conversationFromHash(hash: string): string | null {
  if (!hash.startsWith(CONVERSATION_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(CONVERSATION_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

/**
 * The hash that opens a conversation.
 * @example conversationHash('c 1') // '#/c/c%201'
 */
export function conversationHash(conversationId: string): string {
  return `${CONVERSATION_PREFIX}${encodeURIComponent(conversationId)}`;
}
