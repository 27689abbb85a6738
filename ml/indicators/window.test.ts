import { describe, expect, it } from "vitest";
import { mulberry32 as mulberry } from "../stats/random";
import { RollingExtreme, RollingMoments, RollingSum, Ring, rollingExtreme, rollingSum } from "./window";

function naiveExtreme(x: number[], n: number, max: boolean): number[] {
  return x.map((_, i) => (i < n - 1 ? Number.NaN : (max ? Math.max : Math.min)(...x.slice(i - n + 1, i + 1))));
}

describe("rolling max/min (monotonic deques)", () => {
  const rand = mulberry(7);
  // Small integers: many ties, which is where a deque that pops with < instead of <= goes wrong.
  const x = Array.from({ length: 500 }, () => Math.floor(rand() * 6));
  for (const n of [1, 2, 5, 14, 499, 500]) {
    for (const max of [true, false]) {
      it(`${max ? "max" : "min"} n=${n}: state and batch equal a naive scan`, () => {
        const expected = naiveExtreme(x, n, max);
        expect(Array.from(rollingExtreme(x, n, max))).toEqual(expected);
        const s = new RollingExtreme(n, max);
        expect(
          x.map((v) => {
            s.push(v);
            return s.value;
          }),
        ).toEqual(expected);
      });
    }
  }
});

describe("ring buffer", () => {
  it("keeps the last n values oldest first and returns the evicted one", () => {
    const r = new Ring(3);
    expect(r.push(1)).toBeNaN();
    r.push(2);
    r.push(3);
    expect(r.push(4)).toBe(1);
    expect([r.at(0), r.at(1), r.at(2)]).toEqual([2, 3, 4]);
    expect([r.back(0), r.back(1), r.back(2)]).toEqual([4, 3, 2]);
    expect(r.sum()).toBe(9);
  });
});

describe("running sums and moments do not drift", () => {
  // 200,000 values around 1e4 with unit steps: an add/subtract running sum accumulates error over the whole
  // series; re-summing every n updates bounds it by one window's rounding.
  const rand = mulberry(11);
  const len = 200_000;
  const x = new Float64Array(len);
  let level = 1e4;
  for (let i = 0; i < len; i++) {
    level += rand() - 0.5;
    x[i] = level + (rand() - 0.5) * 0.01;
  }
  const n = 20;

  it("RollingSum and rollingSum match an exact per-window sum to 1e-14 relative", () => {
    const s = new RollingSum(n);
    const batch = rollingSum(x, n, 0);
    let worst = 0;
    for (let i = 0; i < len; i++) {
      s.push(x[i]);
      if (i < n - 1) {
        expect(s.value).toBeNaN();
        continue;
      }
      let exact = 0;
      for (let j = i - n + 1; j <= i; j++) exact += x[j];
      worst = Math.max(worst, Math.abs(s.value - exact) / exact, Math.abs(batch[i] - exact) / exact);
    }
    expect(worst).toBeLessThan(1e-14);
  });

  it("RollingMoments' sd matches a two-pass sd to 1e-8", () => {
    const m = new RollingMoments(n);
    let worst = 0;
    for (let i = 0; i < len; i++) {
      m.push(x[i]);
      if (i < n - 1) continue;
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += x[j];
      const mu = s / n;
      let m2 = 0;
      for (let j = i - n + 1; j <= i; j++) m2 += (x[j] - mu) ** 2;
      worst = Math.max(worst, Math.abs(m.sd - Math.sqrt(m2 / n)));
    }
    expect(worst).toBeLessThan(1e-8);
  });
});
