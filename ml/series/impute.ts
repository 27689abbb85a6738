export type ImputeMethod = "linear" | "seasonal";

/**
 * Fill NaN gaps. "linear" interpolates between the nearest observed neighbours (edges are carried
 * from the nearest observation); "seasonal" copies the value one season earlier (or later, at the
 * start) and falls back to linear where that is missing too. Returns a new array; an all-NaN input
 * stays all-NaN.
 */
export function impute(values: Float64Array, method: ImputeMethod, seasonLength = 0): Float64Array {
  const out = Float64Array.from(values);
  const n = out.length;
  if (method === "seasonal" && seasonLength > 0) {
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(out[i])) continue;
      for (let j = i - seasonLength; j >= 0; j -= seasonLength) {
        if (!Number.isNaN(out[j])) { out[i] = out[j]; break; }
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      if (!Number.isNaN(out[i])) continue;
      for (let j = i + seasonLength; j < n; j += seasonLength) {
        if (!Number.isNaN(values[j])) { out[i] = values[j]; break; }
      }
    }
  }
  let prev = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && Number.isNaN(out[i])) continue;
    // gap is (prev, i)
    if (i - prev > 1) {
      const left = prev >= 0 ? out[prev] : NaN;
      const right = i < n ? out[i] : NaN;
      for (let k = prev + 1; k < i; k++) {
        if (Number.isNaN(left)) out[k] = right;
        else if (Number.isNaN(right)) out[k] = left;
        else out[k] = left + ((right - left) * (k - prev)) / (i - prev);
      }
    }
    prev = i;
  }
  return out;
}

export function countMissing(values: Float64Array): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) c++;
  return c;
}
