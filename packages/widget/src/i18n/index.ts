import { type Catalog, type CoreCatalog, en } from './en.js';

/** The languages the widget ships a catalog for. English is built in; the others load on demand. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ar', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** Languages written right to left (of the shipped ones, and the common others). */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

function language(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The first candidate (a BCP 47 tag such as `de-CH`, matched by its language) that has a catalog,
 * else English. Candidates are tried in order: `setLocale`, the page's `lang`, the browser's.
 * @example pickLocale(['', 'fr-CA', 'en-US']) // 'fr'
 */
export function pickLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || !candidate) continue;
    const lang = language(candidate);
    const match = LOCALES.find((locale) => locale === lang);
    if (match) return match;
  }
  return 'en';
}

/** True for languages written right to left. @example isRtl('ar-EG') // true */
export function isRtl(locale: string): boolean {
  return RTL.has(language(locale));
}

/**
 * The catalog of a language: English's first-load part at once (its views' strings come with the
 * views, `withViews`), the others in full as lazy chunks (one per language, so a page pays only for
 * the language it shows).
 * @example const strings = await loadCatalog('de');
 */
export function loadCatalog(locale: Locale): Promise<CoreCatalog | Catalog> {
  switch (locale) {
    case 'de':
      return import('./de.js').then((m) => m.de);
    case 'fr':
      return import('./fr.js').then((m) => m.fr);
    case 'es':
      return import('./es.js').then((m) => m.es);
    case 'ar':
      return import('./ar.js').then((m) => m.ar);
    case 'ja':
      return import('./ja.js').then((m) => m.ja);
    default:
      return Promise.resolve(en);
  }
}

export type { Catalog, CoreCatalog };
export { en };
