/**
 * Circuit breaker (Nygard, "Release It!", 2007): after `failureThreshold` consecutive failures the circuit opens
 * and calls skip the remote for `cooldownMs`; then one probe call is let through (half-open) and its outcome
 * closes or re-opens the circuit.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  cooldownMs?: number;
  now?: () => number;
  onStateChange?: (from: BreakerState, to: BreakerState) => void;
}

export class CircuitBreaker {
  private state_: BreakerState = "closed";
  private consecutiveFailures = 0;
  private openedAtMs = 0;
  private probeInFlight = false;
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  opened = 0;

  constructor(private readonly opts: CircuitBreakerOptions = {}) {
    this.failureThreshold = opts.failureThreshold ?? 3;
    this.cooldownMs = opts.cooldownMs ?? 5_000;
    this.now = opts.now ?? (() => performance.now());
  }

  get state(): BreakerState {
    return this.state_;
  }

  private transition(to: BreakerState) {
    if (to === this.state_) return;
    const from = this.state_;
    this.state_ = to;
    if (to === "open") {
      this.openedAtMs = this.now();
      this.opened++;
    }
    this.opts.onStateChange?.(from, to);
  }

  /** Whether a call may go to the remote now. In half-open state only one probe is allowed at a time. */
  tryAcquire(): boolean {
    if (this.state_ === "closed") return true;
    if (this.state_ === "open") {
      if (this.now() - this.openedAtMs < this.cooldownMs) return false;
      this.transition("half-open");
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    this.transition("closed");
  }

  recordFailure(): void {
    this.consecutiveFailures++;
    if (this.state_ === "half-open") {
      this.probeInFlight = false;
      this.transition("open");
    } else if (this.state_ === "closed" && this.consecutiveFailures >= this.failureThreshold) {
      this.transition("open");
    }
  }
}
