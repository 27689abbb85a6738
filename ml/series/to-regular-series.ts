/**
 * Observation rows → a regular Series on a fixed step: regularised onto the grid (ml/series/regularize.ts),
 * gaps imputed seasonally (the GBDT would cope with NaN, but the baselines and the backtest scale would not).
 * Training (reloading a snapshot) and forecast refresh (the newest history) build their series the same way.
 */
import type { Series } from "../types";
import { impute } from "./impute";
import { regularize } from "./regularize";

export interface ObservationRow {
  ts: Date;
  value: number;
}

export function toRegularSeries(id: string, rows: ObservationRow[], stepMs: number, seasonLength: number): Series {
  const s = regularize(
    id,
    rows.map((r) => r.ts.getTime()),
    rows.map((r) => r.value),
    stepMs,
  );
  let missing = 0;
  for (const v of s.values) if (Number.isNaN(v)) missing++;
  if (missing > 0) s.values = impute(s.values, "seasonal", seasonLength);
  return s;
}
