import examples from 'libphonenumber-js/examples.mobile.json';
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/min';

// The one phone module of the widget (the callback form and the pre-chat "Phone number" field).
// It carries libphonenumber-js and its metadata (~25 KB gzip), so it is only ever reached through
// `import()`: the first-load app must never contain it (checked by test/node/size.test.ts).

/** An ISO 3166-1 alpha-2 country code libphonenumber-js knows. */
export type { CountryCode };

/** One option of the "Country" select. */
export interface CountryOption {
  code: CountryCode;
  /** The country's name in the visitor's language and its calling code, e.g. `Germany (+49)`. */
  label: string;
}

/**
 * A real, dialable number in E.164 (`+4930123456`), or null when `value` is not a valid number
 * for `country`. A number typed with its international prefix (`+44 …`, `0044 …` is not) is
 * checked against its own country.
 * @example toE164('030 12345678', 'DE') // '+493012345678'
 */
export function toE164(value: string, country: CountryCode): string | null {
  const trimmed = value.trim();
  if (trimmed.length < 3 || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * An example number of the country, as people write it there (or with its country code), for
 * the field's error message.
 * @example exampleNumber('GB') // '07400 123456'
 * @example exampleNumber('GB', true) // '+44 7400 123456'
 */
export function exampleNumber(country: CountryCode, international = false): string {
  const example = getExampleNumber(country, examples);
  if (!example) return `+${getCountryCallingCode(country)}`;
  return international ? example.formatInternational() : example.formatNational();
}

/** Whether `code` is a country the phone metadata knows. @example isCountry('DE') // true */
export function isCountry(code: string | undefined): code is CountryCode {
  return Boolean(code && isSupportedCountry(code));
}

/**
 * The country to preselect: the region of the visitor's locale (`de-AT` -> AT), else the site's
 * `defaultCountry`, else the likely region of the language (`de` -> DE), else US.
 * @example pickCountry('en-GB', 'DE') // 'GB'
 */
export function pickCountry(locale: string | undefined, fallback?: string): CountryCode {
  let explicit: string | undefined;
  let likely: string | undefined;
  try {
    const parsed = new Intl.Locale(locale ?? 'en');
    explicit = parsed.region;
    likely = parsed.maximize().region;
  } catch {
    // Not a locale tag: fall back below.
  }
  for (const code of [explicit, fallback, likely]) if (isCountry(code)) return code;
  return 'US';
}

/**
 * Every country, named in the visitor's language, sorted by name.
 * @example countryOptions('en')[0] // { code: 'AF', label: 'Afghanistan (+93)' }
 */
export function countryOptions(locale: string | undefined): CountryOption[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(locale ? [locale, 'en'] : ['en'], { type: 'region' });
  } catch {
    // No DisplayNames: the codes themselves.
  }
  const collator = new Intl.Collator(locale);
  return getCountries()
    .map((code) => ({
      code,
      label: `${names?.of(code) ?? code} (+${getCountryCallingCode(code)})`,
    }))
    .sort((a, b) => collator.compare(a.label, b.label));
}
