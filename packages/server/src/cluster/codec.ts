// The routing core's state as text, for a follower's snapshot: JSON with maps, sets and infinities
// tagged (the core keeps its indexes in maps, and `dueAt` is +Infinity when nothing is due). Map
// order is kept: the core's queues and round-robin read it.
import type { CoreState } from '../core/types.js';

const MAP = '$map';
const SET = '$set';
const NUMBER = '$num';

/** A map-like the core keeps (a Map, or the copy-on-write LayeredMap). */
function isMapLike(value: object): value is ReadonlyMap<unknown, unknown> {
  return (
    value instanceof Map ||
    (typeof (value as { entries?: unknown }).entries === 'function' &&
      typeof (value as { get?: unknown }).get === 'function' &&
      typeof (value as { has?: unknown }).has === 'function')
  );
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER]: String(value) };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (value instanceof Set) return { [SET]: [...value] };
  if (isMapLike(value)) return { [MAP]: [...value.entries()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const tagged = value as Record<string, unknown>;
  if (MAP in tagged) return new Map(tagged[MAP] as [unknown, unknown][]);
  if (SET in tagged) return new Set(tagged[SET] as unknown[]);
  if (NUMBER in tagged) return Number(tagged[NUMBER]);
  return value;
}

/**
 * The core's state as text; `decodeState` gives it back equal, with plain `Map`s where the core
 * had copy-on-write ones (the core copies either the same way).
 * @example const copy = decodeState(encodeState(state))
 */
export const encodeState = (state: CoreState): string => JSON.stringify(state, replacer);

export const decodeState = (text: string): CoreState => JSON.parse(text, reviver) as CoreState;
