import type { Catalog, CoreCatalog } from './en.js';
import { enViews } from './en-views.js';

const completed = new WeakMap<CoreCatalog, Catalog>();

/**
 * The full catalog for a lazily loaded view: `strings` itself when it is one (every language but
 * English, a host's own catalog), else `strings` with English's view strings (`enViews`), which
 * load with the views that need them. The same object each time for the same `strings`.
 * @example const strings = withViews(props.strings); strings.surveyCard // "Your feedback"
 */
export function withViews(strings: CoreCatalog | Catalog): Catalog {
  if ('surveyCard' in strings) return strings;
  let full = completed.get(strings);
  if (!full) {
    full = { ...strings, ...enViews };
    completed.set(strings, full);
  }
  return full;
}
