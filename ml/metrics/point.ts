import { seasonalScale } from "./scale";

/**
 * Point-forecast accuracy. Every function takes actuals and forecasts of the same length and skips
 * steps where either is NaN (missing actuals). Percent metrics are in percent (0–100 for MAPE,
 * 0–200 for sMAPE) as in M4.
 */
type Arr = ArrayLike<number>;

function check(actual: Arr, forecast: Arr): void {
  if (actual.length !== forecast.length) {
    throw new RangeError(`actual has ${actual.length} steps but forecast has ${forecast.length}`);
  }
}

export function mae(actual: Arr, forecast: Arr): number {
  check(actual, forecast);
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) { s += Math.abs(e); c++; }
  }
  return c ? s / c : NaN;
}

export function rmse(actual: Arr, forecast: Arr): number {
  check(actual, forecast);
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) { s += e * e; c++; }
  }
  return c ? Math.sqrt(s / c) : NaN;
}

/** Mean absolute percentage error; steps with actual = 0 are skipped (undefined there). */
export function mape(actual: Arr, forecast: Arr): number {
  check(actual, forecast);
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const e = y - forecast[i];
    if (Number.isFinite(e) && y !== 0) { s += Math.abs(e / y); c++; }
  }
  return c ? (100 * s) / c : NaN;
}

/** Symmetric MAPE as in M4: 200/h · Σ |y − f| / (|y| + |f|); a 0/0 step counts as 0. */
export function smape(actual: Arr, forecast: Arr): number {
  check(actual, forecast);
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const f = forecast[i];
    if (!Number.isFinite(y) || !Number.isFinite(f)) continue;
    const d = Math.abs(y) + Math.abs(f);
    s += d === 0 ? 0 : Math.abs(y - f) / d;
    c++;
  }
  return c ? (200 * s) / c : NaN;
}

/** Mean absolute scaled error (Hyndman & Koehler 2006), scaled as in M4 by `seasonalScale(train, m)`. */
export function mase(actual: Arr, forecast: Arr, train: Arr, seasonLength: number): number {
  return mae(actual, forecast) / seasonalScale(train, seasonLength);
}

/**
 * Share of steps whose direction of change was forecast right. The change at step k is measured
 * against the previous step (for k = 0: the last training value `lastObserved`, for both actual and
 * forecast); sign(Δforecast) must equal sign(Δactual), where a zero change counts as its own sign.
 */
export function directionAccuracy(actual: Arr, forecast: Arr, lastObserved: number): number {
  check(actual, forecast);
  let right = 0;
  let c = 0;
  let prevY = lastObserved;
  let prevF = lastObserved;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const f = forecast[i];
    if (Number.isFinite(y) && Number.isFinite(f) && Number.isFinite(prevY) && Number.isFinite(prevF)) {
      if (Math.sign(y - prevY) === Math.sign(f - prevF)) right++;
      c++;
    }
    prevY = y;
    prevF = f;
  }
  return c ? right / c : NaN;
}
