import { describe, expect, it } from 'vitest';
import { ar } from '../../src/i18n/ar.js';
import { de } from '../../src/i18n/de.js';
import { type Catalog, en } from '../../src/i18n/en.js';
import { enViews } from '../../src/i18n/en-views.js';
import { es } from '../../src/i18n/es.js';
import { fr } from '../../src/i18n/fr.js';
import { isRtl, loadCatalog, pickLocale } from '../../src/i18n/index.js';
import { ja } from '../../src/i18n/ja.js';
import { withViews } from '../../src/i18n/with-views.js';

const CATALOGS = { de, fr, es, ar, ja } as const;
type Shipped = keyof typeof CATALOGS;
const LOCALES = Object.keys(CATALOGS) as Shipped[];

/** Keys whose translation is the English word on purpose (a loanword that is the usual term). */
const SAME_AS_ENGLISH: Record<Shipped, readonly string[]> = {
  de: ['defaultTitle'], // "Chat"
  fr: ['messages'], // "Messages"
  es: ['defaultTitle', 'no'], // "Chat", "No"
  ar: [],
  ja: [],
};

/** Functions of a count: singular/plural, and the count formatted for the language. */
const COUNT_KEYS = ['charsLeft', 'unread', 'queuePosition', 'waitMinutes'] as const;
/** Functions that put a piece of text (a name, a time, a number as written) into a sentence. */
const TEXT_KEYS = [
  'joined',
  'typing',
  'launcherNamed',
  'bubbleFrom',
  'transferred',
  'closedUntil',
  'phoneInvalid',
  'prechatPhoneInvalid',
  'aboutArticle',
  'callbackReference',
  'callbackNumber',
  'noArticles',
] as const;
const COUNTS = [0, 1, 2, 3, 11, 100];
/** English in full: the first load's part (`en`) and the lazy views' part (`enViews`). */
const EN: Catalog = { ...en, ...enViews };

type Leaf = string | ((arg: never) => string);
/** Every leaf of a catalog by dotted path (callbackStatus is one level deeper). */
function leaves(catalog: Catalog): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'object') {
      for (const [sub, text] of Object.entries(value)) out.set(`${key}.${sub}`, text as string);
    } else out.set(key, value as Leaf);
  }
  return out;
}
const textFn = (catalog: Catalog, key: (typeof TEXT_KEYS)[number]) =>
  catalog[key] as (text: string) => string;
const countFn = (catalog: Catalog, key: (typeof COUNT_KEYS)[number]) =>
  catalog[key] as (n: number) => string;
/** The sentence around the count: digits (Latin or Arabic-Indic) and separators replaced. */
const template = (text: string) => text.replace(/[\d٠-٩][\d٠-٩.,\u00a0\u202f٬]*/g, '#');

describe('catalogs', () => {
  const english = leaves(EN);

  it("splits English in two parts without overlap, and the views get English's whole catalog", () => {
    const core = Object.keys(en);
    expect(core.filter((key) => key in enViews)).toEqual([]);
    // The first load keeps the launcher's, panel's and composer's text; the survey's is lazy.
    expect(core).toContain('openChat');
    expect(core).not.toContain('surveyCard');
    const full = withViews(en);
    expect(full).toEqual(EN);
    expect(withViews(en)).toBe(full); // one object: views re-render without new props
    for (const catalog of Object.values(CATALOGS)) expect(withViews(catalog)).toBe(catalog);
  });

  it('the test knows every function of en (add new ones to COUNT_KEYS or TEXT_KEYS)', () => {
    const functions = [...english].filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(functions.sort()).toEqual([...COUNT_KEYS, ...TEXT_KEYS].sort());
  });

  describe.each(LOCALES)('%s', (locale) => {
    const catalog = CATALOGS[locale];
    const translated = leaves(catalog);
    const number = new Intl.NumberFormat(locale);

    it('has exactly the keys of en, each with the same type', () => {
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, value] of english)
        expect(typeof translated.get(key), key).toBe(typeof value);
    });

    it('translates every string and sentence (except the allowlisted loanwords)', () => {
      const same: string[] = [];
      for (const [key, value] of english) {
        const mine = translated.get(key);
        if (typeof value === 'string' && mine === value) same.push(key);
      }
      for (const key of TEXT_KEYS)
        if (textFn(catalog, key)('Ada') === textFn(EN, key)('Ada')) same.push(key);
      for (const key of COUNT_KEYS)
        if (countFn(catalog, key)(2) === countFn(EN, key)(2)) same.push(key);
      expect(same.sort()).toEqual([...SAME_AS_ENGLISH[locale]].sort());
    });

    it('keeps no empty string and no English placeholder', () => {
      for (const [key, value] of translated) {
        if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
      }
    });

    it.each(TEXT_KEYS)('%s puts its argument into the sentence', (key) => {
      const text = textFn(catalog, key)('Ada Lovelace');
      expect(text).toContain('Ada Lovelace');
      expect(text.replace('Ada Lovelace', '').trim()).not.toBe('');
    });

    it.each(COUNT_KEYS)(
      '%s reads for 0, 1, 2, 3, 11, 100 and shows larger counts formatted',
      (key) => {
        const fn = countFn(catalog, key);
        for (const n of COUNTS) expect(fn(n).trim(), `${key}(${n})`).not.toBe('');
        for (const n of [11, 100, 1234]) expect(fn(n), `${key}(${n})`).toContain(number.format(n));
      },
    );
  });

  it('German, French and Spanish change the noun between one and several', () => {
    // German "Zeichen" is both singular and plural, so charsLeft is checked in French and Spanish.
    const checks = [
      [de, ['unread', 'waitMinutes']],
      [fr, ['unread', 'waitMinutes', 'charsLeft']],
      [es, ['unread', 'waitMinutes', 'charsLeft']],
    ] as const;
    for (const [catalog, keys] of checks) {
      for (const key of keys) {
        const fn = countFn(catalog, key);
        expect(template(fn(1)), key).not.toBe(template(fn(2)));
        expect(template(fn(2)), key).toBe(template(fn(100)));
      }
    }
    expect(de.unread(3)).toBe('3 ungelesene Nachrichten');
    expect(de.unread(1234)).toBe('1.234 ungelesene Nachrichten');
    expect(de.charsLeft(1)).toBe('Noch 1 Zeichen übrig');
  });

  it('French counts 0 as singular, like 1', () => {
    expect(fr.unread(0)).toBe('0 message non lu');
    expect(fr.charsLeft(0)).toBe('0 caractère restant');
    expect(fr.unread(2)).toBe('2 messages non lus');
  });

  it('Arabic uses its own form for 0, 1, 2, 3–10, 11–99 and 100+', () => {
    for (const key of ['unread', 'waitMinutes', 'charsLeft'] as const) {
      const fn = countFn(ar, key);
      const forms = [0, 1, 2, 3, 11, 100].map((n) => template(fn(n)));
      expect(new Set(forms).size, `${key}: ${forms.join(' | ')}`).toBe(6);
      // Same category, same form: 4 like 3, 12 like 11, 101 like 100.
      expect(template(fn(4))).toBe(forms[3]);
      expect(template(fn(12))).toBe(forms[4]);
      expect(template(fn(101))).toBe(forms[5]);
    }
    expect(ar.unread(1)).toBe('رسالة واحدة غير مقروءة');
    expect(ar.unread(2)).toBe('رسالتان غير مقروءتين');
    expect(ar.unread(5)).toBe(`${new Intl.NumberFormat('ar').format(5)} رسائل غير مقروءة`);
  });

  it('Japanese has one form for every count', () => {
    expect(template(ja.unread(1))).toBe(template(ja.unread(100)));
    expect(ja.unread(3)).toBe('未読メッセージ3件');
  });

  it('quotes a title in the typography of each language', () => {
    const quoted = (catalog: Catalog) => catalog.noArticles('Refund');
    expect(quoted(de)).toContain('„Refund“');
    expect(quoted(fr)).toContain('«\u202fRefund\u202f»');
    expect(quoted(es)).toContain('«Refund»');
    expect(quoted(ja)).toContain('「Refund」');
    expect(quoted(ar)).toMatch(/«.*Refund.*»/);
    expect(de.aboutArticle('Refund')).toContain('„Refund“');
    expect(ja.aboutArticle('Refund')).toContain('「Refund」');
  });

  it('French puts a narrow no-break space, never a plain space, before ? ! : ; and »', () => {
    const texts = [...leaves(fr).values()].map((value) =>
      typeof value === 'string' ? value : (value as (arg: string & number) => string)(2 as never),
    );
    for (const text of texts) {
      expect(text).not.toMatch(/ [?!:;»]|« /);
      expect(text).not.toMatch(/[^\s\u202f][?!;»]/);
    }
  });

  it('names the labelled launcher with the label first, then "open chat" (label in name)', () => {
    expect(de.launcherNamed('Fragen?')).toBe('Fragen? – Chat öffnen');
    for (const catalog of Object.values(CATALOGS)) {
      const name = catalog.launcherNamed('Hilfe');
      expect(name.replace(/[\u2066-\u2069]/g, '')).toMatch(/^Hilfe/);
      expect(name.toLowerCase()).toContain(catalog.openChat.toLowerCase());
    }
  });

  it('Arabic isolates left-to-right numbers so "+" stays in front in right-to-left text', () => {
    expect(ar.callbackNumber('+49 ••• 12')).toContain('\u2066+49 ••• 12\u2069');
    expect(ar.phoneInvalid('+33 6 12 34 56 78')).toContain('\u2066+33 6 12 34 56 78\u2069');
  });
});

describe('pickLocale', () => {
  it.each([
    [['de-CH'], 'de'],
    [['ar-EG'], 'ar'],
    [['pt-BR'], 'en'],
    [['fr_CA'], 'fr'],
    [['es-419'], 'es'],
    [['ja-JP'], 'ja'],
    [[null, '', 'pt-BR', 'JA'], 'ja'],
    [[undefined], 'en'],
  ] as const)('%j → %s', (candidates, expected) => {
    expect(pickLocale(candidates)).toBe(expected);
  });

  it('marks Arabic right to left and the others not', () => {
    expect(isRtl('ar-EG')).toBe(true);
    for (const locale of ['de', 'fr', 'es', 'ja', 'en']) expect(isRtl(locale)).toBe(false);
  });

  it.each(LOCALES)('loadCatalog(%s) loads that language', async (locale) => {
    expect(await loadCatalog(locale)).toBe(CATALOGS[locale]);
  });

  it("loadCatalog('en') is English's first-load part, at once", async () => {
    expect(await loadCatalog('en')).toBe(en);
  });
});
