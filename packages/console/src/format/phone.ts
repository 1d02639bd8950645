/**
 * Country calling codes of one or two digits (ITU-T E.164 assignments); every other code has
 * three. Calling codes are prefix-free, so the first match is the code.
 */
const SHORT_CODES: ReadonlySet<string> = new Set([
  '1',
  '7',
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** The country calling code of an E.164 number (without the `+`), or null when it is not one. */
export function callingCode(e164: string): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return null;
  const digits = e164.slice(1);
  for (const length of [1, 2]) {
    const code = digits.slice(0, length);
    if (SHORT_CODES.has(code)) return code;
  }
  return digits.slice(0, 3);
}

/**
 * An E.164 number made easier to read aloud while dialling: the country code apart, then the
 * national number in groups of three (a leading pair, or a closing four, takes up the rest). No
 * per-country metadata (the console does not ship libphonenumber), so the groups do not follow
 * each country's own habit; a string that is not E.164 is returned as it is.
 * @example formatPhone('+4930123456') // '+49 30 123 456'
 * @example formatPhone('+14155550123') // '+1 415 555 0123'
 */
export function formatPhone(e164: string): string {
  const code = callingCode(e164);
  if (!code) return e164;
  let rest = e164.slice(1 + code.length);
  const groups: string[] = [];
  const remainder = rest.length % 3;
  if (remainder === 2) {
    groups.push(rest.slice(0, 2));
    rest = rest.slice(2);
  }
  const tail = remainder === 1 && rest.length >= 4 ? rest.slice(-4) : '';
  if (tail) rest = rest.slice(0, -4);
  for (let i = 0; i < rest.length; i += 3) groups.push(rest.slice(i, i + 3));
  if (tail) groups.push(tail);
  return `+${code} ${groups.join(' ')}`;
}

/** The `tel:` URL of a number: only `+` and digits survive. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
