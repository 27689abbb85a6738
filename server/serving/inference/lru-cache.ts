/** Least-recently-used map with a fixed capacity; `onEvict` is told about every value pushed out or deleted. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: string, value: V) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LRU capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Map iteration order is insertion order: re-inserting marks the key most recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      if (old !== value) this.onEvict(key, old);
    }
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      const v = this.map.get(oldest) as V;
      this.map.delete(oldest);
      this.onEvict(oldest, v);
    }
  }

  delete(key: string): boolean {
    const v = this.map.get(key);
    if (v === undefined) return false;
    this.map.delete(key);
    this.onEvict(key, v);
    return true;
  }

  keys(): string[] {
    return [...this.map.keys()];
  }

  values(): V[] {
    return [...this.map.values()];
  }
}
