import { describe, expect, it } from 'vitest';
import { maskPhone, parsePhone, phoneCountry } from '../../src/policy/phone.js';

describe('parsePhone', () => {
  const valid: Array<[string, string | undefined, string]> = [
    ['030 12345678', 'DE', '+493012345678'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['+49 (0)30 123 456 78', undefined, '+493012345678'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['(212) 555-0100', 'US', '+12125550100'],
    ['+1 212 555 0100', 'DE', '+12125550100'],
    ['01 23 45 67 89', 'FR', '+33123456789'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['0412 345 678', 'AU', '+61412345678'],
  ];
  it.each(valid)('%s (%s) -> %s', (input, country, e164) => {
    expect(parsePhone(input, country)).toEqual({ ok: true, e164 });
  });

  const invalid: Array<[string, string | undefined]> = [
    ['12345', 'DE'],
    ['030 12345678', undefined], // national, and no country to read it in
    ['+49 000', undefined],
    ['+1 555 0100', undefined], // too short for the US
    ['call me maybe', 'DE'],
    ['+999 123456789', undefined], // no such country code
    ['', 'DE'],
  ];
  it.each(invalid)('refuses %j (%s)', (input, country) => {
    const result = parsePhone(input, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/phone number we can call/);
  });
});

describe('phoneCountry', () => {
  it.each([
    ['de-DE', undefined, 'DE'],
    ['de-AT', 'DE', 'AT'],
    ['de', 'DE', 'DE'],
    ['en', undefined, undefined],
    ['not a locale!', 'FR', 'FR'],
    [undefined, 'GB', 'GB'],
  ])('%s with site default %s -> %s', (locale, site, expected) => {
    expect(phoneCountry(locale, site)).toBe(expected);
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('+493012345678')).toBe('+49 ••• ••• 5678');
    expect(maskPhone('+12125550100')).toBe('+1 ••• ••• 0100');
  });
});
