import { ModelStateError } from "../errors";
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Interval, Series } from "../types";

export type Combiner = "mean" | "median";

/** Combine per-step values of several forecasts (NaN members are skipped). */
export function combine(values: Float64Array[], how: Combiner): Float64Array {
  const h = values[0].length;
  const out = new Float64Array(h);
  const buf = new Float64Array(values.length);
  for (let t = 0; t < h; t++) {
    let k = 0;
    for (const v of values) if (Number.isFinite(v[t])) buf[k++] = v[t];
    if (k === 0) { out[t] = NaN; continue; }
    if (how === "mean") {
      let s = 0;
      for (let i = 0; i < k; i++) s += buf[i];
      out[t] = s / k;
    } else {
      const sorted = buf.subarray(0, k).sort();
      out[t] = k % 2 ? sorted[(k - 1) / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
  }
  return out;
}

/**
 * Combine member forecasts into one, per series and step (Clemen 1989: simple averages are hard to
 * beat). Intervals combine the members' bounds with the same combiner — a pragmatic choice (bounds
 * of a mixture are not the average of bounds); calibrate with ml/conformal when coverage matters.
 */
export function combineForecasts(members: Forecast[], how: Combiner): Forecast {
  const first = members[0];
  const intervals: Interval[] = first.intervals.map((iv) => {
    const same = members.map((m) => m.intervals.find((x) => x.level === iv.level)).filter((x): x is Interval => !!x);
    return { level: iv.level, lower: combine(same.map((x) => x.lower), how), upper: combine(same.map((x) => x.upper), how) };
  });
  return { id: first.id, mean: combine(members.map((m) => m.mean), how), intervals };
}

export function createEnsembleForecaster(factories: ForecasterFactory[], how: Combiner = "median"): Forecaster {
  let members: Forecaster[] | null = null;
  return {
    name: `ensemble-${how}`,
    async fit(series: Series[], ctx: FitContext) {
      members = factories.map((f) => f());
      for (const m of members) await m.fit(series, ctx);
    },
    async forecast(horizon: number, levels: number[]) {
      if (!members) throw new ModelStateError("ensemble: forecast called before fit");
      const all: Forecast[][] = [];
      for (const m of members) all.push(await m.forecast(horizon, levels));
      return all[0].map((_, i) => combineForecasts(all.map((fs) => fs[i]), how));
    },
  };
}
