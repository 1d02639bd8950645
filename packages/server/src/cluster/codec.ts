// The routing core's state and commands as text, to cross between relay nodes: JSON with maps,
// sets and infinities tagged (the core keeps its indexes in maps, and `dueAt` is +Infinity when
// nothing is due). Map order is kept: the core's queues and round-robin read it.
import type { CoreState } from '../core/types.js';
import type { AppliedCommand } from '../engine/engine.js';

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
 * Anything the core holds (its state, a command) as text; `decode` gives it back equal, with
 * plain `Map`s where the core had copy-on-write ones (the core copies either the same way).
 * @example const copy = decode<CoreState>(encode(state))
 */
export const encode = (value: unknown): string => JSON.stringify(value, replacer);

export const decode = <T>(text: string): T => JSON.parse(text, reviver) as T;

export const encodeState = (state: CoreState): string => encode(state);
export const decodeState = (text: string): CoreState => decode<CoreState>(text);
export type { AppliedCommand };
