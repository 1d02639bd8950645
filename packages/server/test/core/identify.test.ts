import { describe, expect, it } from 'vitest';
import { decideIdentify, mergeAttributes, profileOf } from '../../src/core/identify.js';
import type { VisitorRecord } from '../../src/store/types.js';

const anonymous: VisitorRecord = {
  id: 'vis_anon',
  siteId: 'shop',
  name: 'Visitor 0042',
  createdAt: 1,
};
const ada: VisitorRecord = {
  id: 'vis_ada',
  siteId: 'shop',
  name: 'Ada',
  createdAt: 0,
  userId: 'u-ada',
  verified: true,
};
const fresh = (): VisitorRecord => ({
  id: 'vis_new',
  siteId: 'shop',
  name: 'Visitor 1',
  createdAt: 2,
});

describe('decideIdentify', () => {
  it('keeps a claim on the current record, unverified, never joined', () => {
    const decision = decideIdentify({
      current: anonymous,
      userId: 'u-ada',
      details: { name: 'Not Ada' },
      proof: 'claim',
      existing: ada,
      newVisitor: fresh,
    });
    expect(decision).toEqual({
      ok: true,
      switched: false,
      visitor: { ...anonymous, name: 'Not Ada', userId: 'u-ada', verified: false },
    });
  });

  it('refuses a claim of another user on a verified session, and keeps a verified one', () => {
    const input = { current: ada, details: {}, existing: null, newVisitor: fresh } as const;
    expect(decideIdentify({ ...input, userId: 'u-bob', proof: 'claim' }).ok).toBe(false);
    expect(decideIdentify({ ...input, userId: 'u-ada', proof: 'claim' })).toMatchObject({
      ok: true,
      visitor: { id: 'vis_ada', verified: true },
    });
  });

  it("joins the user's record, moving an anonymous visitor's chat", () => {
    expect(
      decideIdentify({
        current: anonymous,
        userId: 'u-ada',
        details: { email: 'ada@example.com' },
        proof: 'verified',
        existing: ada,
        newVisitor: fresh,
      }),
    ).toEqual({
      ok: true,
      switched: true,
      movedFrom: 'vis_anon',
      visitor: { ...ada, email: 'ada@example.com' },
    });
  });

  it('makes the current record verified when the user is new', () => {
    expect(
      decideIdentify({
        current: { ...anonymous, userId: 'u-claimed', verified: false },
        userId: 'u-ada',
        details: {},
        proof: 'verified',
        existing: null,
        newVisitor: fresh,
      }),
    ).toMatchObject({
      ok: true,
      switched: false,
      visitor: { id: 'vis_anon', userId: 'u-ada', verified: true },
    });
  });

  it('switches a session verified as A to a new record for B, without taking A along', () => {
    const decision = decideIdentify({
      current: ada,
      userId: 'u-bob',
      details: {},
      proof: 'verified',
      existing: null,
      newVisitor: fresh,
    });
    expect(decision).toEqual({
      ok: true,
      switched: true,
      visitor: { ...fresh(), userId: 'u-bob', verified: true },
    });
  });
});

describe('attributes and profiles', () => {
  it('merges key by key; null removes', () => {
    expect(mergeAttributes({ plan: 'pro', seats: 2 }, { plan: null, vip: true })).toEqual({
      seats: 2,
      vip: true,
    });
    expect(mergeAttributes({ plan: 'pro' }, { plan: null })).toBeUndefined();
  });

  it('shows verified only with a user id', () => {
    expect(profileOf(anonymous)).toEqual({ id: 'vis_anon', name: 'Visitor 0042' });
    expect(profileOf(ada)).toEqual({ id: 'vis_ada', name: 'Ada', userId: 'u-ada', verified: true });
  });
});
