import { describe, expect, it } from "vitest";
import { lttb } from "./lttb";

describe("lttb", () => {
  it("returns short inputs unchanged", () => {
    const pts = [{ x: 0, y: 1 }, { x: 1, y: 2 }];
    expect(lttb(pts, 10)).toEqual(pts);
  });

  it("keeps endpoints, reduces to the threshold and keeps a spike", () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i === 500 ? 100 : Math.sin(i / 50) }));
    const out = lttb(pts, 50);
    expect(out).toHaveLength(50);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts[999]);
    expect(out.some((p) => p.y === 100)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
  });

  it("rejects a threshold below 3", () => {
    expect(() => lttb([{ x: 0, y: 0 }], 2)).toThrow(RangeError);
  });
});
