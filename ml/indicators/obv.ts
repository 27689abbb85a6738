/** TTR `OBV(price, volume)`: on-balance volume. */
import { InvalidInputError } from "../errors";
import type { CloseVolume, CloseVolumeBar, IndicatorState } from "./types";

/** TTR treats a close-to-close log change below sqrt(machine epsilon) as no change. */
const FLAT = Math.sqrt(2.220446049250313e-16);

function signedVolume(close: number, prevClose: number, volume: number): number {
  const r = Math.log(close) - Math.log(prevClose);
  if (Math.abs(r) < FLAT) return 0;
  return r > 0 ? volume : -volume;
}

/**
 * obv[0] = volume[0]; then + volume on an up close, − volume on a down close, + 0 when the close is unchanged
 * (|log change| < sqrt(eps)). A running total: exact while the volumes are integers below 2^53.
 */
export function obv(input: CloseVolume): Float64Array {
  const len = input.close.length;
  if (input.volume.length !== len) {
    throw new InvalidInputError(`volume has ${input.volume.length} values, close has ${len}`, { field: "volume" });
  }
  const out = new Float64Array(len);
  if (len === 0) return out;
  let total = input.volume[0];
  out[0] = total;
  for (let i = 1; i < len; i++) {
    total += signedVolume(input.close[i], input.close[i - 1], input.volume[i]);
    out[i] = total;
  }
  return out;
}

/** Incremental `obv`. */
export class ObvState implements IndicatorState<CloseVolumeBar, number> {
  private total = 0;
  private prevClose = Number.NaN;
  length = 0;
  update(bar: CloseVolumeBar): number {
    if (this.length++ === 0) this.total = bar.volume;
    else this.total += signedVolume(bar.close, this.prevClose, bar.volume);
    this.prevClose = bar.close;
    return this.total;
  }
}
