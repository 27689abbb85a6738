/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, "Downsampling Time Series for Visual
 * Representation", MSc thesis, University of Iceland, 2013). Keeps the visual shape of a line with
 * far fewer points than the pixels would waste: the first and last points are kept, and from each of
 * the `threshold - 2` buckets in between the point forming the largest triangle with the previously
 * kept point and the next bucket's average.
 */
export interface XY {
  x: number;
  y: number;
}

export function lttb<T extends XY>(points: readonly T[], threshold: number): T[] {
  if (!Number.isInteger(threshold) || threshold < 3) throw new RangeError("threshold must be an integer >= 3");
  if (points.length <= threshold) return points.slice();
  const out: T[] = [points[0]];
  const bucketSize = (points.length - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * bucketSize) + 1, points.length);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += points[j].x;
      avgY += points[j].y;
    }
    const n = Math.max(nextEnd - nextStart, 1);
    avgX /= n;
    avgY /= n;

    const start = Math.floor(i * bucketSize) + 1;
    const end = Math.floor((i + 1) * bucketSize) + 1;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs(
        (points[a].x - avgX) * (points[j].y - points[a].y) - (points[a].x - points[j].x) * (avgY - points[a].y),
      );
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(points[best]);
    a = best;
  }
  out.push(points[points.length - 1]);
  return out;
}
