import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NeededLookups } from '../../src/core/reduce.js';
import { PendingWrites, readsPending } from '../../src/engine/changes.js';
import type { StoreChanges } from '../../src/store/types.js';

// Few names, so reads and writes collide often.
const id = fc.constantFrom('a', 'b', 'c', 'd');
const key = fc.record({ actor: fc.constantFrom('visitor:v1', 'agent:a1'), clientId: id });

const changes: fc.Arbitrary<StoreChanges | null> = fc.option(
  fc.record({
    appends: fc.array(
      fc.record({
        conversation: id.map((c) => ({ id: c })),
        clientId: fc.option(key, { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    callbacks: fc.array(
      fc.record({
        callback: id.map((c) => ({ id: `cb-${c}` })),
        clientId: fc.option(key, { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
  }),
  { nil: null },
) as unknown as fc.Arbitrary<StoreChanges | null>;

const needed: fc.Arbitrary<NeededLookups> = fc.record(
  {
    clientId: key,
    conversationId: id,
    callbackClientId: key,
    callbackId: id.map((c) => `cb-${c}`),
  },
  { requiredKeys: [] },
);

describe('PendingWrites', () => {
  it('answers as readsPending over the same group, for any writes and reads', () => {
    fc.assert(
      fc.property(
        fc.array(changes, { maxLength: 12 }),
        fc.array(needed, { maxLength: 8 }),
        (group, reads) => {
          const index = new PendingWrites();
          for (const c of group) index.add(c);
          for (const read of reads) expect(index.reads(read)).toBe(readsPending(group, read));
        },
      ),
      { numRuns: 500 },
    );
  });
});
