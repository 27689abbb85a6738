/**
 * One warning when a backend (Redis, Upstash) stops answering and one info line when it answers again, however
 * many commands fail in between: an outage is a state, not a stream of errors. The cache and the rate limiters
 * each keep one, so the log says which of them degraded and for how long.
 */
export interface OutageLog {
  readonly down: boolean;
  /** Records a failure; logs only on the transition to down. */
  failed(error: unknown): void;
  /** Records a success or a (re)connection; logs only on the transition back to up. */
  recovered(): void;
}

export interface OutageLogOptions {
  /** What degrades and to what, for the warning: e.g. "cache: Redis" and "serving from the database". */
  label: string;
  fallback: string;
  log?: Pick<Console, "warn" | "info">;
  now?: () => number;
  onDown?: () => void;
  onUp?: () => void;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return errorMessage(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

export function createOutageLog(opts: OutageLogOptions): OutageLog {
  const log = opts.log ?? console;
  const now = opts.now ?? Date.now;
  let downSinceMs: number | null = null;
  return {
    get down() {
      return downSinceMs !== null;
    },
    failed(error) {
      if (downSinceMs !== null) return;
      downSinceMs = now();
      log.warn(`[${opts.label}] unavailable (${errorMessage(error)}); ${opts.fallback} until it answers again`);
      opts.onDown?.();
    },
    recovered() {
      if (downSinceMs === null) return;
      const seconds = (now() - downSinceMs) / 1000;
      downSinceMs = null;
      log.info(`[${opts.label}] available again after ${seconds.toFixed(1)} s`);
      opts.onUp?.();
    },
  };
}
