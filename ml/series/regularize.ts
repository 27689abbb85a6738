import { InvalidInputError } from "../errors";
import type { Series } from "../types";
import { inferStepMs } from "./frequency";

/**
 * Turn (timestamp, value) observations into a regular Series on a fixed grid. Timestamps must be
 * ascending; observations between grid points are rejected (they indicate a wrong step); missing
 * grid points become NaN so that gaps stay explicit.
 */
export function regularize(
  id: string,
  timestampsMs: ArrayLike<number>,
  values: ArrayLike<number>,
  stepMs: number = inferStepMs(timestampsMs),
): Series {
  if (timestampsMs.length !== values.length) {
    throw new InvalidInputError(`series ${id}: ${timestampsMs.length} timestamps but ${values.length} values`, { field: "values" });
  }
  if (timestampsMs.length === 0) throw new InvalidInputError(`series ${id} is empty`, { field: "values" });
  const start = timestampsMs[0];
  const last = timestampsMs[timestampsMs.length - 1];
  const n = Math.round((last - start) / stepMs) + 1;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < timestampsMs.length; i++) {
    const pos = (timestampsMs[i] - start) / stepMs;
    const k = Math.round(pos);
    if (Math.abs(pos - k) > 1e-6) {
      throw new InvalidInputError(`series ${id}: timestamp ${new Date(timestampsMs[i]).toISOString()} is off the ${stepMs} ms grid`, {
        field: "timestamp",
        row: i,
      });
    }
    if (i > 0 && timestampsMs[i] <= timestampsMs[i - 1]) {
      throw new InvalidInputError(`series ${id}: timestamps must be strictly increasing`, { field: "timestamp", row: i });
    }
    out[k] = values[i];
  }
  return { id, values: out, startMs: start, stepMs };
}
