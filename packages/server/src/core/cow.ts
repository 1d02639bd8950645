const GONE: unique symbol = Symbol('gone');

type Level<K, V> = ReadonlyMap<K, V | typeof GONE>;
const EMPTY_LEVEL: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();
/** The empty level, shared (never changed). */
const empty = <K, V>() => EMPTY_LEVEL as unknown as Level<K, V>;
const MISSING: unique symbol = Symbol('missing');

/** A level's entry for `key`: the value, `GONE` (deleted there), or `MISSING` (not there). */
function lookup<K, V>(level: Level<K, V>, key: K): V | typeof GONE | typeof MISSING {
  if (level.size === 0) return MISSING;
  const found = level.get(key);
  return found !== undefined || level.has(key) ? (found as V | typeof GONE) : MISSING;
}

/**
 * A map made of a shared base, a shared middle level of changes and a small layer of this
 * version's own changes (none of them ever changed once another version shares them), so the next
 * state's map costs the small layer, not a copy of every entry. Each version copies the layer
 * (at most `LayeredMap.limits.layer` entries); a full layer is merged into a new middle level, and
 * a middle level grown past about the square root of 32 times the base is folded into a new base:
 * a write costs about 16 + 2 sqrt(n / 32) entry copies, amortized (n = 10,000: ~50).
 * Iterates in `Map` order (a key set again after its delete goes to the end).
 * @example const next = LayeredMap.from(state.open); next.set(id, summary)
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  /** Level sizes: tests lower them to reach every merge with a few keys. */
  static limits = { layer: 32, mid: 256 };

  #base: ReadonlyMap<K, V>;
  /** Changes over the base, shared between versions: values, or GONE for a base key deleted. */
  #mid: Level<K, V>;
  /** This version's own changes: values, or GONE for a base or middle key deleted. */
  #layer: Map<K, V | typeof GONE>;
  #size: number;

  private constructor(
    base: ReadonlyMap<K, V>,
    mid: Level<K, V>,
    layer: Map<K, V | typeof GONE>,
    size: number,
  ) {
    this.#base = base;
    this.#mid = mid;
    this.#layer = layer;
    this.#size = size;
  }

  /** A new map with the entries of `map`, to be changed without changing `map`. */
  static from<K, V>(map: ReadonlyMap<K, V>): LayeredMap<K, V> {
    if (!(map instanceof LayeredMap)) return new LayeredMap(map, empty(), new Map(), map.size);
    const layered = map as LayeredMap<K, V>;
    const base = layered.#base;
    const layer = layered.#layer;
    if (layer.size === 0) return new LayeredMap(base, layered.#mid, new Map(), layered.#size);
    if (layer.size < LayeredMap.limits.layer) {
      return new LayeredMap(base, layered.#mid, new Map(layer), layered.#size);
    }
    // The layer is full: merge it into a new middle level (or fold everything into a new base).
    const midLimit = Math.max(LayeredMap.limits.mid, Math.sqrt(32 * base.size));
    if (layered.#mid.size + layer.size > midLimit) {
      return new LayeredMap(layered.#folded(), empty(), new Map(), layered.#size);
    }
    const mid = new Map(layered.#mid);
    for (const [key, value] of layer) {
      // A deleted key that is not in the base leaves no trace: set again, it goes last.
      if (value === GONE && !base.has(key)) mid.delete(key);
      else mid.set(key, value);
    }
    return new LayeredMap(base, mid, new Map(), layered.#size);
  }

  /** One plain map with every level applied, in `Map` order. */
  #folded(): Map<K, V> {
    const next = new Map(this.#base);
    for (const level of [this.#mid, this.#layer]) {
      for (const [key, value] of level) {
        if (value === GONE) next.delete(key);
        else next.set(key, value);
      }
    }
    return next;
  }

  /** This version's entry for `key` above the base: value, GONE, or MISSING (not changed). */
  #override(key: K): V | typeof GONE | typeof MISSING {
    const layered = lookup(this.#layer, key);
    return layered !== MISSING ? layered : lookup(this.#mid, key);
  }

  /** Changes this map: only for a map just made by `from`, before anyone else reads it. */
  set(key: K, value: V): this {
    if (this.#override(key) === GONE) {
      // Back after a delete: a Map puts it last, which the levels over the base cannot say.
      const base = this.#folded();
      base.set(key, value);
      this.#base = base;
      this.#mid = empty();
      this.#layer = new Map();
      this.#size++;
      return this;
    }
    if (!this.has(key)) this.#size++;
    this.#layer.set(key, value);
    return this;
  }

  /** Changes this map: only for a map just made by `from`, before anyone else reads it. */
  delete(key: K): boolean {
    if (!this.has(key)) return false;
    if (this.#base.has(key) || this.#mid.has(key)) this.#layer.set(key, GONE);
    else this.#layer.delete(key);
    this.#size--;
    return true;
  }

  get size(): number {
    return this.#size;
  }
  get(key: K): V | undefined {
    const over = this.#override(key);
    if (over === MISSING) return this.#base.get(key);
    return over === GONE ? undefined : over;
  }
  has(key: K): boolean {
    const over = this.#override(key);
    if (over === MISSING) return this.#base.has(key);
    return over !== GONE;
  }
  *#all(): Generator<[K, V]> {
    const base = this.#base;
    const mid = this.#mid;
    const layer = this.#layer;
    for (const entry of base) {
      const over = this.#override(entry[0]);
      if (over === MISSING) yield entry;
      else if (over !== GONE) yield [entry[0], over];
    }
    for (const [key, value] of mid) {
      if (base.has(key)) continue;
      const layered = lookup(layer, key);
      const current = layered === MISSING ? value : layered;
      if (current !== GONE) yield [key, current];
    }
    for (const [key, value] of layer) {
      if (value !== GONE && !base.has(key) && !mid.has(key)) yield [key, value];
    }
  }
  #plain(): boolean {
    return this.#layer.size === 0 && this.#mid.size === 0;
  }
  entries(): MapIterator<[K, V]> {
    if (this.#plain()) return this.#base.entries();
    return this.#all() as unknown as MapIterator<[K, V]>;
  }
  keys(): MapIterator<K> {
    if (this.#plain()) return this.#base.keys();
    return mapIterator(this.#all(), (entry) => entry[0]);
  }
  values(): MapIterator<V> {
    if (this.#plain()) return this.#base.values();
    return mapIterator(this.#all(), (entry) => entry[1]);
  }
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) fn(value, key, this);
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

function mapIterator<T, U>(entries: Iterable<T>, pick: (entry: T) => U): MapIterator<U> {
  function* picked(): Generator<U> {
    for (const entry of entries) yield pick(entry);
  }
  return picked() as unknown as MapIterator<U>;
}

/**
 * A map that reads through to a state's map and copies it on the first write that changes
 * something: a command pays for the maps it changes, not for the size of the whole state.
 * Writes that change nothing (setting the same value, deleting a missing key) copy nothing.
 * @example const open = new CowMap(state.open); open.set(id, summary); next.open = open.current
 */
export class CowMap<K, V> implements ReadonlyMap<K, V> {
  #map: ReadonlyMap<K, V>;
  #own = false;
  /** The keys this command set or deleted. */
  readonly written = new Set<K>();

  constructor(base: ReadonlyMap<K, V>) {
    this.#map = base;
  }

  /** The map as it is now: the base itself while nothing was written. */
  get current(): ReadonlyMap<K, V> {
    return this.#map;
  }

  /** Whether a write copied the base. */
  get copied(): boolean {
    return this.#own;
  }

  #writable(): LayeredMap<K, V> {
    if (!this.#own) {
      this.#map = LayeredMap.from(this.#map);
      this.#own = true;
    }
    return this.#map as LayeredMap<K, V>;
  }

  set(key: K, value: V): this {
    if (this.#map.get(key) !== value || !this.#map.has(key)) {
      this.#writable().set(key, value);
      this.written.add(key);
    }
    return this;
  }

  delete(key: K): boolean {
    if (!this.#map.has(key)) return false;
    this.written.add(key);
    return this.#writable().delete(key);
  }

  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    return this.#map.get(key);
  }
  has(key: K): boolean {
    return this.#map.has(key);
  }
  keys(): MapIterator<K> {
    return this.#map.keys();
  }
  values(): MapIterator<V> {
    return this.#map.values();
  }
  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.#map) fn(value, key, this);
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#map[Symbol.iterator]();
  }
}

/**
 * The set counterpart of `CowMap`.
 * @example const cutOff = new CowSet(state.cutOff); cutOff.add(id)
 */
export class CowSet<T> implements ReadonlySet<T> {
  #set: ReadonlySet<T>;
  #own = false;

  constructor(base: ReadonlySet<T>) {
    this.#set = base;
  }

  get current(): ReadonlySet<T> {
    return this.#set;
  }

  get copied(): boolean {
    return this.#own;
  }

  #writable(): Set<T> {
    if (!this.#own) {
      this.#set = new Set(this.#set);
      this.#own = true;
    }
    return this.#set as Set<T>;
  }

  add(value: T): this {
    if (!this.#set.has(value)) this.#writable().add(value);
    return this;
  }

  delete(value: T): boolean {
    if (!this.#set.has(value)) return false;
    return this.#writable().delete(value);
  }

  get size(): number {
    return this.#set.size;
  }
  has(value: T): boolean {
    return this.#set.has(value);
  }
  keys(): SetIterator<T> {
    return this.#set.keys();
  }
  values(): SetIterator<T> {
    return this.#set.values();
  }
  entries(): SetIterator<[T, T]> {
    return this.#set.entries();
  }
  forEach(fn: (value: T, key: T, set: ReadonlySet<T>) => void): void {
    for (const value of this.#set) fn(value, value, this);
  }
  [Symbol.iterator](): SetIterator<T> {
    return this.#set[Symbol.iterator]();
  }
}
