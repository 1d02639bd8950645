import type { SiteAppearance } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import {
  type AppearanceDraft,
  appearanceFromDraft,
  draftFromSite,
  isDirty,
  newTrigger,
} from '../../src/forms/appearance-form.js';

const SITE: SiteAppearance = {
  siteId: 'fernhill',
  name: 'Fernhill Outdoor',
  greeting: 'Hi! Ask us anything.',
  color: '#1f6f5c',
  theme: { position: 'right', offsetX: 20, offsetY: 24, mode: 'auto', sound: false },
  triggers: [{ id: 'tr_1', message: 'Need help choosing?', afterSec: 30, urlPattern: '/boots*' }],
};

const draft = (patch: Partial<AppearanceDraft> = {}) => ({ ...draftFromSite(SITE), ...patch });

describe('the appearance form', () => {
  it('round-trips a saved appearance unchanged', () => {
    expect(appearanceFromDraft(draft())).toEqual({ ok: true, value: SITE });
  });

  it('trims, lowercases the colour and leaves out empty optional fields', () => {
    const result = appearanceFromDraft(
      draft({
        name: '  Fernhill  ',
        greeting: '   ',
        color: ' #ABCDEF ',
        launcherLabel: '  Chat with us ',
        triggers: [{ id: 'tr_2', message: ' Hello ', afterSec: '0', urlPattern: '  ' }],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        siteId: 'fernhill',
        name: 'Fernhill',
        color: '#abcdef',
        theme: { ...SITE.theme, launcherLabel: 'Chat with us' },
        triggers: [{ id: 'tr_2', message: 'Hello', afterSec: 0 }],
      },
    });
  });

  it.each<[string, Partial<AppearanceDraft>, Record<string, unknown>]>([
    ['an empty title', { name: ' ' }, { name: { code: 'required' } }],
    ['a three-digit colour', { color: '#fff' }, { color: { code: 'format' } }],
    ['a named colour', { color: 'red' }, { color: { code: 'format' } }],
    ['a negative offset', { offsetX: '-1' }, { offsetX: { code: 'range' } }],
    ['an offset over 200', { offsetY: '201' }, { offsetY: { code: 'range' } }],
    ['a fractional offset', { offsetX: '1.5' }, { offsetX: { code: 'range' } }],
    ['an empty offset', { offsetY: '' }, { offsetY: { code: 'range' } }],
    [
      'a 41-character launcher label',
      { launcherLabel: 'x'.repeat(41) },
      { launcherLabel: { code: 'too-long', max: 40 } },
    ],
    [
      'a greeting without a message',
      { triggers: [{ id: 'tr_1', message: '  ', afterSec: '5', urlPattern: '' }] },
      { 'trigger.0.message': { code: 'required' } },
    ],
    [
      'a greeting after more than an hour',
      { triggers: [{ id: 'tr_1', message: 'Hi', afterSec: '3601', urlPattern: '' }] },
      { 'trigger.0.afterSec': { code: 'range' } },
    ],
  ])('refuses %s', (_name, patch, errors) => {
    expect(appearanceFromDraft(draft(patch))).toEqual({ ok: false, errors });
  });

  it('accepts the limits themselves: offsets 0 and 200, a 40-character label, 20 greetings', () => {
    const triggers = Array.from({ length: 20 }, (_, i) => ({
      id: `tr_${i}`,
      message: `Greeting ${i}`,
      afterSec: '3600',
      urlPattern: '',
    }));
    const result = appearanceFromDraft(
      draft({ offsetX: '0', offsetY: '200', launcherLabel: 'x'.repeat(40), triggers }),
    );
    expect(result.ok).toBe(true);
    const more = appearanceFromDraft(draft({ triggers: [...triggers, newTrigger(() => 'z')] }));
    expect(more).toMatchObject({ ok: false, errors: { triggers: { code: 'invalid' } } });
  });

  it('knows when there are unsaved changes', () => {
    expect(isDirty(draft(), draft())).toBe(false);
    expect(isDirty(draft(), draft({ sound: true }))).toBe(true);
    expect(newTrigger(() => '3f0c9a51-d2e8-4b7c-9a51-d2e84b7c0000')).toEqual({
      id: 'tr_3f0c9a51d2e84b7c',
      message: '',
      afterSec: '30',
      urlPattern: '',
    });
  });
});
