import { describe, expect, it } from 'vitest';
import { type PriorityRule, priorityFor } from '../../src/core/priority.js';

const rules: PriorityRule[] = [
  { attribute: 'plan', equals: 'Trail Club', priority: 5 },
  { attribute: 'orders', equals: 7, priority: 3 },
  { attribute: 'vip', equals: true, priority: 8 },
];
const verified = (attributes: Record<string, string | number | boolean>) => ({
  verified: true,
  attributes,
});

describe('priorityFor', () => {
  const cases: Array<
    [string, Parameters<typeof priorityFor>[1], PriorityRule[] | undefined, number]
  > = [
    ['no rules', verified({ plan: 'Trail Club' }), undefined, 0],
    ['no profile', undefined, rules, 0],
    ['anonymous: no attributes', {}, rules, 0],
    [
      'claimed (unverified) attributes count for nothing',
      { verified: false, attributes: { vip: true } },
      rules,
      0,
    ],
    ['verified without attributes', { verified: true }, rules, 0],
    ['verified, one rule matches', verified({ plan: 'Trail Club' }), rules, 5],
    ['verified, a number matches', verified({ orders: 7 }), rules, 3],
    [
      'the highest matching rule wins',
      verified({ plan: 'Trail Club', orders: 7, vip: true }),
      rules,
      8,
    ],
    ['values match exactly: no case folding', verified({ plan: 'trail club' }), rules, 0],
    ['values match exactly: "7" is not 7', verified({ orders: '7' }), rules, 0],
    ['values match exactly: "true" is not true', verified({ vip: 'true' }), rules, 0],
    [
      'an inherited name is not an attribute',
      verified({}),
      [{ attribute: 'constructor', equals: 'x', priority: 9 }],
      0,
    ],
  ];
  it.each(cases)('%s', (_name, profile, ruleSet, expected) => {
    expect(priorityFor(ruleSet, profile)).toBe(expected);
  });
});
