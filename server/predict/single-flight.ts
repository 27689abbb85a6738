/** Concurrent calls for the same key share one computation (a burst of identical requests computes once). */
export function createSingleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key: string, compute: () => Promise<T>): Promise<T> {
      const running = inFlight.get(key);
      if (running) return running;
      const p = compute().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
    get size() {
      return inFlight.size;
    },
  };
}
