import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerState } from "./circuit-breaker";

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures, probes once after the cool-down, closes on success", () => {
    let now = 0;
    const changes: string[] = [];
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 100, now: () => now, onStateChange: (f, t) => changes.push(`${f}>${t}`) });
    for (let i = 0; i < 2; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.recordFailure();
    }
    b.recordSuccess(); // resets the consecutive count
    for (let i = 0; i < 3; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.recordFailure();
    }
    expect(b.state).toBe<BreakerState>("open");
    expect(b.tryAcquire()).toBe(false);
    now = 99;
    expect(b.tryAcquire()).toBe(false);
    now = 100;
    expect(b.tryAcquire()).toBe(true); // the probe
    expect(b.state).toBe("half-open");
    expect(b.tryAcquire()).toBe(false); // only one probe at a time
    b.recordFailure();
    expect(b.state).toBe("open");
    now = 250;
    expect(b.tryAcquire()).toBe(true);
    b.recordSuccess();
    expect(b.state).toBe("closed");
    expect(b.opened).toBe(2);
    expect(changes).toEqual(["closed>open", "open>half-open", "half-open>open", "open>half-open", "half-open>closed"]);
  });
});
