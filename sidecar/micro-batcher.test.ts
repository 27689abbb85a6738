import { describe, expect, it } from "vitest";
import type { FeatureMatrix } from "@/server/serving/inference/feature-rows";
import type { ModelOutput } from "@/server/serving/inference/loaded-model";
import { MicroBatcher } from "./micro-batcher";

/** A "model" that returns [row sum, row index within the run] per row and records run sizes. */
function fakeModel() {
  const runs: number[] = [];
  const run = async (m: FeatureMatrix): Promise<ModelOutput> => {
    runs.push(m.nRows);
    await new Promise((r) => setTimeout(r, 2));
    const values = new Float64Array(m.nRows * 2);
    for (let r = 0; r < m.nRows; r++) {
      let s = 0;
      for (let j = 0; j < m.nFeatures; j++) s += m.data[r * m.nFeatures + j];
      values[r * 2] = s;
      values[r * 2 + 1] = r;
    }
    return { columns: ["sum", "idx"], nRows: m.nRows, values };
  };
  return { run, runs };
}

const matrix = (rows: number[][]): FeatureMatrix => ({
  dtype: "float32",
  data: Float32Array.from(rows.flat()),
  nRows: rows.length,
  nFeatures: rows[0].length,
});

describe("MicroBatcher", () => {
  it("merges concurrent requests into one run and hands each its own rows back", async () => {
    const { run, runs } = fakeModel();
    const b = new MicroBatcher(run, { maxRows: 1000, maxWaitUs: 0 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit(matrix([[i, 1], [i, 2], [i, 3]]))));
    expect(runs).toEqual([30]);
    results.forEach((res, i) => {
      expect(res.nRows).toBe(3);
      expect(Array.from(res.values)).toEqual([i + 1, 3 * i, i + 2, 3 * i + 1, i + 3, 3 * i + 2]);
    });
  });

  it("never exceeds maxRows per run (a single larger request runs alone) and batches while a run is in flight", async () => {
    const { run, runs } = fakeModel();
    const b = new MicroBatcher(run, { maxRows: 8, maxWaitUs: 0 });
    const first = b.submit(matrix([[1]]));
    await new Promise((r) => setImmediate(r)); // first run starts alone
    const rest = Array.from({ length: 12 }, () => b.submit(matrix([[1], [1], [1]])));
    const big = b.submit(matrix(Array.from({ length: 20 }, () => [2])));
    await Promise.all([first, ...rest, big]);
    expect(runs[0]).toBe(1);
    expect(runs.slice(1).every((n) => n <= 8 || n === 20)).toBe(true);
    expect(runs.slice(1).some((n) => n === 6)).toBe(true);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1 + 36 + 20);
  });

  it("keeps up to maxInFlight runs going at once (one per worker) and batches the rest behind them", async () => {
    let running = 0;
    let peak = 0;
    const runs: number[] = [];
    const b = new MicroBatcher(
      async (m) => {
        runs.push(m.nRows);
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return { columns: ["y"], nRows: m.nRows, values: new Float64Array(m.nRows) };
      },
      { maxRows: 4, maxWaitUs: 0, maxInFlight: 2 },
    );
    // 12 one-row requests in one turn: the first flush takes 4, and a second batch of 4 starts at once.
    await Promise.all(Array.from({ length: 12 }, () => b.submit(matrix([[1]]))));
    expect(peak).toBe(2);
    expect(runs).toEqual([4, 4, 4]);
  });

  it("waits up to maxWaitUs to fill a batch", async () => {
    const { run, runs } = fakeModel();
    const b = new MicroBatcher(run, { maxRows: 100, maxWaitUs: 20_000 });
    const p1 = b.submit(matrix([[1]]));
    await new Promise((r) => setTimeout(r, 5));
    const p2 = b.submit(matrix([[2]]));
    await Promise.all([p1, p2]);
    expect(runs).toEqual([2]);
  });

  it("rejects every request of a failed run and keeps serving", async () => {
    let fail = true;
    const b = new MicroBatcher(
      async (m) => {
        if (fail) throw new Error("boom");
        return { columns: ["y"], nRows: m.nRows, values: new Float64Array(m.nRows) };
      },
      { maxRows: 100, maxWaitUs: 0 },
    );
    const rs = await Promise.allSettled([b.submit(matrix([[1]])), b.submit(matrix([[2]]))]);
    expect(rs.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(b.submit(matrix([[1]]))).resolves.toMatchObject({ nRows: 1 });
  });
});
