import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CowMap, LayeredMap } from '../../src/core/cow.js';

const op = fc.record({
  set: fc.boolean(),
  key: fc.integer({ min: 0, max: 60 }),
  value: fc.integer({ min: 0, max: 3 }),
  keep: fc.boolean(),
});

describe('CowMap', () => {
  // The default level sizes, and tiny ones so a few keys go through every merge and fold.
  const limits = [
    { layer: 32, mid: 256 },
    { layer: 2, mid: 3 },
    { layer: 4, mid: 12 },
  ];
  const defaults = { ...LayeredMap.limits };
  afterEach(() => {
    LayeredMap.limits = { ...defaults };
  });

  it.each(limits)(
    'behaves as a Map (entries, order, size) and never changes the map it started from (levels %o)',
    (sizes) => {
      LayeredMap.limits = sizes;
      fc.assert(
        fc.property(fc.array(fc.array(op, { maxLength: 40 }), { maxLength: 30 }), (commands) => {
          // Each command writes on a copy of a kept version; older versions must stay as they were.
          // A state's map starts as a plain Map (as `createState` makes it).
          let model = new Map(Array.from({ length: 40 }, (_, i) => [i, 0] as [number, number]));
          let state: ReadonlyMap<number, number> = new Map(model);
          const versions: Array<[ReadonlyMap<number, number>, Array<[number, number]>]> = [];
          for (const ops of commands) {
            const draft = new CowMap(state);
            const next = new Map(model);
            for (const { set, key, value } of ops) {
              if (set) {
                draft.set(key, value);
                next.set(key, value);
              } else expect(draft.delete(key)).toBe(next.delete(key));
            }
            expect([...draft]).toEqual([...next]);
            expect(draft.size).toBe(next.size);
            expect(draft.copied || ops.length === 0 || draft.current === state).toBe(true);
            versions.push([state, [...model]]);
            if (ops.at(-1)?.keep !== false) {
              state = draft.current;
              model = next;
            }
          }
          for (const [version, entries] of versions) expect([...version]).toEqual(entries);
          for (let key = 0; key <= 60; key++) {
            expect(state.has(key)).toBe(model.has(key));
            expect(state.get(key)).toBe(model.get(key));
          }
          expect([...state.keys()]).toEqual([...model.keys()]);
          expect([...state.values()]).toEqual([...model.values()]);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('a write that changes nothing copies nothing', () => {
    const base = new Map([['a', 1]]);
    const draft = new CowMap(base);
    draft.set('a', 1);
    draft.delete('b');
    expect(draft.current).toBe(base);
    draft.set('a', 2);
    expect(draft.current).not.toBe(base);
    expect(base.get('a')).toBe(1);
  });
});
