import { describe, expect, it } from 'vitest';
import {
  type CountryCode,
  countryOptions,
  exampleNumber,
  pickCountry,
  toE164,
} from '../../src/callback/phone.js';

describe('toE164 (libphonenumber-js/min)', () => {
  it.each<[CountryCode, string, string]>([
    ['DE', '030 12345678', '+493012345678'],
    ['DE', '0151 23456789', '+4915123456789'],
    ['US', '(201) 555-0123', '+12015550123'],
    ['US', '201.555.0123', '+12015550123'],
    ['GB', '07400 123456', '+447400123456'],
    ['GB', '020 7946 0018', '+442079460018'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['FR', '01 23 45 67 89', '+33123456789'],
    ['JP', '090-1234-5678', '+819012345678'],
    ['JP', '03-1234-5678', '+81312345678'],
    ['IN', '98765 43210', '+919876543210'],
    ['IN', '+91 98765 43210', '+919876543210'],
    // Typed with its country code, a number is checked against that country, not the select.
    ['DE', '+44 7400 123456', '+447400123456'],
  ])('%s %s -> %s', (country, input, e164) => {
    expect(toE164(input, country)).toBe(e164);
  });

  it.each<[CountryCode, string]>([
    ['DE', '030 1'],
    ['DE', '12'],
    ['US', '(123) 456-7890'],
    ['US', '555-0123'],
    ['GB', '07400 12345'],
    ['FR', '06 12 34 56'],
    ['JP', '090-1234'],
    ['IN', '98765 4321'],
    ['GB', 'call me maybe'],
    ['FR', ''],
    // A German number is not a valid French one.
    ['FR', '030 12345678'],
  ])('%s %j is refused', (country, input) => {
    expect(toE164(input, country)).toBeNull();
  });

  it('every example number in an error message is itself accepted', () => {
    for (const country of ['DE', 'US', 'GB', 'FR', 'JP', 'IN'] as const) {
      expect(toE164(exampleNumber(country), country), country).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(exampleNumber(country, true)).toMatch(/^\+\d/);
    }
  });
});

describe('the country to preselect', () => {
  it('is the locale region, else the site default, else the language’s likely region', () => {
    expect(pickCountry('en-GB', 'DE')).toBe('GB');
    expect(pickCountry('de-AT')).toBe('AT');
    expect(pickCountry('en', 'DE')).toBe('DE');
    expect(pickCountry('fr')).toBe('FR');
    expect(pickCountry('not a locale!', 'JP')).toBe('JP');
  });

  it('lists countries by name, with their calling code', () => {
    const options = countryOptions('en');
    expect(options.find((o) => o.code === 'DE')?.label).toBe('Germany (+49)');
    expect(options.length).toBeGreaterThan(200);
    const labels = options.map((o) => o.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('en').compare));
  });
});
