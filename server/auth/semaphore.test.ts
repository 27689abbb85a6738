import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore";

const tick = () => new Promise((r) => setImmediate(r));

describe("Semaphore", () => {
  it("runs at most `limit` at once and hands slots out first come, first served", async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, (_, i) =>
      sem.use(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => gates.push(r));
        running--;
        return i;
      }),
    );
    await tick();
    expect([sem.active, sem.queued]).toEqual([2, 4]);
    expect(order).toEqual([0, 1]);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect([sem.active, sem.queued]).toEqual([0, 0]);
  });

  it("refuses at once, without queueing, when maxQueue callers are already waiting", async () => {
    const sem = new Semaphore(1, 2);
    const first = await sem.tryAcquire()!;
    const second = sem.tryAcquire();
    const third = sem.tryAcquire();
    expect(second).not.toBeNull();
    expect(third).not.toBeNull();
    expect(sem.tryAcquire()).toBeNull();
    await expect(sem.use(async () => "x")).rejects.toThrow(RangeError);
    expect([sem.active, sem.queued]).toEqual([1, 2]);

    first();
    first(); // a second release of the same slot must not free another one
    const releaseSecond = await second!;
    expect([sem.active, sem.queued]).toEqual([1, 1]);
    releaseSecond();
    (await third!)();
    expect([sem.active, sem.queued]).toEqual([0, 0]);
  });

  it("with maxQueue 0 is a plain in-flight cap", async () => {
    const sem = new Semaphore(2, 0);
    const a = await sem.tryAcquire()!;
    await sem.tryAcquire()!;
    expect(sem.tryAcquire()).toBeNull();
    a();
    expect(sem.tryAcquire()).not.toBeNull();
  });

  it("frees the slot when the work throws", async () => {
    const sem = new Semaphore(1);
    await expect(sem.use(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(sem.active).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
