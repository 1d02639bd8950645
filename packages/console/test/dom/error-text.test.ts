import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/format/error-text.js';
import { en } from '../../src/i18n/en.js';

describe('errorText', () => {
  it('says the relay did not answer when the command never reached it', () => {
    expect(errorText({ code: 'NETWORK', message: 'timeout' })).toBe(en.errors.network);
  });

  it("shows the relay's own message for a refusal", () => {
    expect(errorText({ code: 'FORBIDDEN', message: 'Supervisors only.' })).toBe(
      'Supervisors only.',
    );
  });
});
