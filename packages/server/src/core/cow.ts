const GONE: unique symbol = Symbol('gone');

/**
 * A map made of a shared base (never changed) and a small layer of changes on top, so the next
 * state's map costs the changes, not a copy of every entry. The layer is folded into a new base
 * once it grows past about the square root of the base: copies cost O(sqrt n) a write, amortized.
 * Iterates in `Map` order (a key set again after its delete goes to the end).
 * @example const next = LayeredMap.from(state.open); next.set(id, summary)
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  #base: ReadonlyMap<K, V>;
  #layer: Map<K, V | typeof GONE>;
  #size: number;

  private constructor(base: ReadonlyMap<K, V>, layer: Map<K, V | typeof GONE>, size: number) {
    this.#base = base;
    this.#layer = layer;
    this.#size = size;
  }

  /** A new map with the entries of `map`, to be changed without changing `map`. */
  static from<K, V>(map: ReadonlyMap<K, V>): LayeredMap<K, V> {
    if (!(map instanceof LayeredMap)) return new LayeredMap(map, new Map(), map.size);
    const layered = map as LayeredMap<K, V>;
    const layer = layered.#layer;
    if (layer.size === 0) return new LayeredMap(layered.#base, new Map(), layered.#size);
    if (layer.size * layer.size > layered.#base.size + 1024) {
      return new LayeredMap(new Map(layered), new Map(), layered.#size);
    }
    return new LayeredMap(layered.#base, new Map(layer), layered.#size);
  }

  /** Changes this map: only for a map just made by `from`, before anyone else reads it. */
  set(key: K, value: V): this {
    const layered = this.#layer.get(key);
    if (layered === GONE) {
      // Back after a delete: a Map puts it last, which the layer over the base cannot say.
      this.#base = new Map(this);
      this.#layer = new Map();
      (this.#base as Map<K, V>).set(key, value);
      this.#size++;
      return this;
    }
    if (layered === undefined && !this.#layer.has(key) && !this.#base.has(key)) this.#size++;
    this.#layer.set(key, value);
    return this;
  }

  /** Changes this map: only for a map just made by `from`, before anyone else reads it. */
  delete(key: K): boolean {
    if (!this.has(key)) return false;
    if (this.#base.has(key)) this.#layer.set(key, GONE);
    else this.#layer.delete(key);
    this.#size--;
    return true;
  }

  get size(): number {
    return this.#size;
  }
  get(key: K): V | undefined {
    if (this.#layer.size > 0) {
      const layered = this.#layer.get(key);
      if (layered === GONE) return undefined;
      if (layered !== undefined || this.#layer.has(key)) return layered as V;
    }
    return this.#base.get(key);
  }
  has(key: K): boolean {
    if (this.#layer.size > 0) {
      const layered = this.#layer.get(key);
      if (layered === GONE) return false;
      if (layered !== undefined || this.#layer.has(key)) return true;
    }
    return this.#base.has(key);
  }
  *#all(): Generator<[K, V]> {
    const layer = this.#layer;
    for (const entry of this.#base) {
      const layered = layer.get(entry[0]);
      if (layered === undefined && !layer.has(entry[0])) yield entry;
      else if (layered !== GONE) yield [entry[0], layered as V];
    }
    for (const [key, layered] of layer) {
      if (layered !== GONE && !this.#base.has(key)) yield [key, layered];
    }
  }
  entries(): MapIterator<[K, V]> {
    if (this.#layer.size === 0) return this.#base.entries();
    return this.#all() as unknown as MapIterator<[K, V]>;
  }
  keys(): MapIterator<K> {
    if (this.#layer.size === 0) return this.#base.keys();
    return mapIterator(this.#all(), (entry) => entry[0]);
  }
  values(): MapIterator<V> {
    if (this.#layer.size === 0) return this.#base.values();
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
