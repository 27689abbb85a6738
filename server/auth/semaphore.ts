/**
 * A counting semaphore with a FIFO wait queue of bounded length. Password hashing (128 MiB of scrypt each)
 * runs in a few slots so a burst of sign-ins queues instead of taking every CPU and the memory with it;
 * past `maxQueue` waiters a caller is refused at once, so a flood is answered rather than piled up.
 */
export type Release = () => void;

export class Semaphore {
  private running = 0;
  private readonly waiting: ((release: Release) => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
    if (!(maxQueue >= 0)) throw new RangeError(`semaphore maxQueue must be >= 0, got ${maxQueue}`);
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A slot: at once when one is free, otherwise after the callers queued before this one. Null, decided
   * synchronously, when `maxQueue` callers are already waiting. Calling the release more than once is harmless.
   */
  tryAcquire(): Promise<Release> | null {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueue) return null;
    return new Promise<Release>((resolve) => this.waiting.push(resolve));
  }

  /** Runs `fn` in a slot. Throws RangeError when the queue is full (never with the default unbounded queue). */
  async use<T>(fn: () => Promise<T>): Promise<T> {
    const slot = this.tryAcquire();
    if (!slot) throw new RangeError(`semaphore queue is full (${this.maxQueue} waiting)`);
    const release = await slot;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a new caller cannot overtake the queue.
      if (next) next(this.releaser());
      else this.running--;
    };
  }
}
