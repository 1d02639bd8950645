import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A checked phone number, or why it is not one. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

const REGION = /^[A-Z]{2}$/;

/**
 * The country a number without `+` is read in: the locale's region (`de-DE` -> `DE`), else the
 * site's default, else none (the number must then start with `+`).
 * @example phoneCountry('de-AT', 'DE') // 'AT'
 */
export function phoneCountry(
  locale: string | undefined,
  siteDefault: string | undefined,
): string | undefined {
  if (locale) {
    try {
      const region = new Intl.Locale(locale).region;
      if (region && REGION.test(region)) return region;
    } catch {
      // Not a locale tag: fall back to the site's country.
    }
  }
  return siteDefault && REGION.test(siteDefault) ? siteDefault : undefined;
}

/**
 * Check a phone number with libphonenumber-js (full metadata) and write it as E.164.
 * @example parsePhone('030 12345678', 'DE') // { ok: true, e164: '+493012345678' }
 */
export function parsePhone(input: string, defaultCountry?: string): PhoneResult {
  let parsed: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    parsed = parsePhoneNumberFromString(input, defaultCountry as CountryCode | undefined);
  } catch {
    parsed = undefined;
  }
  if (!parsed?.isValid()) {
    return {
      ok: false,
      message: defaultCountry
        ? `must be a phone number we can call, like +49 30 1234567 (or national, in ${defaultCountry})`
        : 'must be a phone number we can call, with its country code, like +49 30 1234567',
    };
  }
  return { ok: true, e164: parsed.number };
}

/**
 * A number as its owner may see it back: the country code and the last four digits.
 * @example maskPhone('+4930125678') // '+49 ••• ••• 5678'
 */
export function maskPhone(e164: string): string {
  const code = parsePhoneNumberFromString(e164)?.countryCallingCode;
  const last = e164.slice(-4);
  return code ? `+${code} ••• ••• ${last}` : `••• ••• ${last}`;
}
