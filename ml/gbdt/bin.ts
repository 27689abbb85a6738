/**
 * Feature binning for histogram GBDT (Ke et al. 2017, "LightGBM", §2; scikit-learn's
 * HistGradientBoosting does the same). Each feature gets at most `maxBin` value bins whose upper edges
 * are float32 numbers, plus one extra bin for missing values (NaN), so a bin fits a Uint8.
 *
 * A value x falls in the first bin b with Math.fround(x) <= edges[b]; the last edge is +Infinity. A split
 * "bins 0..b go left" is therefore exactly the model-format rule "Math.fround(x) <= edges[b]" — the
 * trained trees and the float predictor (and the ONNX export) route every training row identically.
 */
import type { Rng } from "./prng";

export interface BinMapper {
  /** Upper edge (float32) of each value bin, per feature; the last is +Infinity. */
  edges: Float32Array[];
  /** Number of value bins per feature; the missing-value bin has index nValueBins[f]. */
  nValueBins: Int32Array;
  /** Offset of feature f's first bin in a flat histogram (value bins + missing bin per feature). */
  offsets: Int32Array;
  totalBins: number;
}

function edgesFromSorted(sorted: Float32Array, maxBin: number): Float32Array {
  // Distinct values first: with few of them every value gets its own bin (edge halfway to the next).
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    if (distinct.length > maxBin) break;
  }
  const edges: number[] = [];
  if (distinct.length <= maxBin) {
    for (let i = 0; i + 1 < distinct.length; i++) {
      const a = distinct[i];
      const b = distinct[i + 1];
      let mid = Math.fround((a + b) / 2);
      // float32 rounding may land the midpoint on b, which would send b left: fall back to a.
      if (!(mid < b) || !(mid >= a)) mid = a;
      edges.push(mid);
    }
  } else {
    // Quantile edges as scikit-learn computes them (np.percentile(..., method="midpoint") at
    // i/maxBin, binning.py): halfway between the two order statistics around the quantile, so a
    // threshold sits between training values instead of on one. Duplicates (heavy ties) collapse so a
    // tied value never spans two bins.
    const n = sorted.length;
    for (let i = 1; i < maxBin; i++) {
      const pos = (i / maxBin) * (n - 1);
      const a = sorted[Math.floor(pos)];
      const b = sorted[Math.ceil(pos)];
      let v = Math.fround((a + b) / 2);
      // float32 rounding may land the midpoint on b, which would send b left: fall back to a.
      if (!(v < b) || !(v >= a)) v = a;
      if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
    }
    // The largest value must not be an edge: it would leave an empty last bin.
    while (edges.length > 0 && edges[edges.length - 1] >= sorted[n - 1]) edges.pop();
  }
  edges.push(Infinity);
  return Float32Array.from(edges);
}

/**
 * Learns bin edges per feature from up to `sampleRows` rows (drawn with `rng`), as LightGBM's
 * bin_construct_sample_cnt does: quantiles of a large sample are as good as of all rows and far cheaper.
 */
export function fitBinMapper(
  X: Float32Array | Float64Array,
  nRows: number,
  nFeatures: number,
  maxBin: number,
  sampleRows: number,
  rng: Rng,
): BinMapper {
  const rows: Uint32Array = new Uint32Array(Math.min(nRows, sampleRows));
  if (nRows <= sampleRows) {
    for (let i = 0; i < nRows; i++) rows[i] = i;
  } else {
    // Bernoulli-free exact-size sample: reservoir sampling (Vitter's Algorithm R).
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    for (let i = rows.length; i < nRows; i++) {
      const j = Math.floor(rng() * (i + 1));
      if (j < rows.length) rows[j] = i;
    }
  }
  const edges: Float32Array[] = [];
  const nValueBins = new Int32Array(nFeatures);
  const offsets = new Int32Array(nFeatures);
  // Gather the sample row by row (X is row-major) into one column buffer per feature, NaNs dropped.
  rows.sort();
  const m = rows.length;
  const cols = new Float32Array(m * nFeatures);
  const counts = new Int32Array(nFeatures);
  for (let i = 0; i < m; i++) {
    const xo = rows[i] * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      const v = X[xo + f];
      if (v === v) cols[f * m + counts[f]++] = v;
    }
  }
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    const k = counts[f];
    const sorted = cols.subarray(f * m, f * m + k).sort();
    const e = k === 0 ? Float32Array.of(Infinity) : edgesFromSorted(sorted, maxBin);
    edges.push(e);
    nValueBins[f] = e.length;
    offsets[f] = total;
    total += e.length + 1;
  }
  return { edges, nValueBins, offsets, totalBins: total };
}

/** Bin index of one value: first b with fround(v) <= edges[b]; NaN goes to the missing bin. */
export function binOf(edges: Float32Array, v: number): number {
  if (v !== v) return edges.length;
  const x = Math.fround(v);
  // Branch-free lower bound (the comparison compiles to a conditional move): binning 1M × 40 values
  // with a branchy binary search paid a misprediction per step and cost more than 3 trees.
  let base = 0;
  let len = edges.length;
  while (len > 1) {
    const half = len >>> 1;
    base = edges[base + half - 1] < x ? base + half : base;
    len -= half;
  }
  return base;
}

/**
 * Binned training matrix, row-major in groups of 4 features: row r's bins are the nGroups words
 * words[r*nGroups .. r*nGroups + nGroups), i.e. bytes[r*rowBytes + f] is the bin of feature f
 * (rowBytes = 4*nGroups; padding features are 0). Histograms of a leaf visit its rows in partition
 * order, so one row's bins for all features must share a cache line or two: a column-major layout
 * costs one cache miss per (row, feature group) at 1M rows and dominated the fit time.
 */
export interface BinnedData {
  nRows: number;
  nFeatures: number;
  nGroups: number;
  words: Uint32Array;
  bytes: Uint8Array;
  /**
   * The same bins column-major (columns[f*nRows + r]) for partitioning: a split reads one feature of a
   * leaf's rows in ascending row order, which is near-sequential here but one cache line per row in the
   * row-major copy.
   */
  columns: Uint8Array;
}

/** Bin of feature f for row r. */
export function binAt(d: BinnedData, f: number, r: number): number {
  return d.bytes[r * d.nGroups * 4 + f];
}

const LOOKUP_CELLS = 4096;

/**
 * Bins for a whole column fast: a uniform grid of LOOKUP_CELLS cells over [first edge, last finite
 * edge] gives each value a narrow bin range (usually 1–2 bins; ±1 bin of slack absorbs the grid's
 * float rounding), searched with the same `x <= edge` rule as binOf. A plain binary search per value
 * (8 dependent loads) made binning 1M × 40 values cost as much as 6 trees.
 */
function binLookup(edges: Float32Array): { lo: number; scale: number; lowBin: Uint8Array; highBin: Uint8Array } {
  const nb = edges.length;
  const lowBin = new Uint8Array(LOOKUP_CELLS);
  const highBin = new Uint8Array(LOOKUP_CELLS).fill(nb - 1);
  const lo = nb > 1 ? edges[0] : 0;
  const span = nb > 1 ? edges[nb - 2] - lo : 0;
  const scale = span > 0 ? LOOKUP_CELLS / span : 0;
  if (scale > 0) {
    for (let c = 0; c < LOOKUP_CELLS; c++) {
      lowBin[c] = c === 0 ? 0 : Math.max(0, binOf(edges, lo + (c * span) / LOOKUP_CELLS) - 1);
      highBin[c] = c === LOOKUP_CELLS - 1 ? nb - 1 : Math.min(nb - 1, binOf(edges, lo + ((c + 1) * span) / LOOKUP_CELLS) + 1);
    }
  }
  return { lo, scale, lowBin, highBin };
}

export function binColumns(mapper: BinMapper, X: Float32Array | Float64Array, nRows: number, nFeatures: number): BinnedData {
  const nGroups = Math.ceil(nFeatures / 4);
  const words = new Uint32Array(nGroups * nRows);
  const bytes = new Uint8Array(words.buffer);
  const rowBytes = nGroups * 4;
  const columns = new Uint8Array(nFeatures * nRows);
  const lastCell = LOOKUP_CELLS - 1;
  const lookups = mapper.edges.map(binLookup);
  // Blocks of rows, one feature at a time within a block: the block of X (row-major) stays in cache
  // across the feature passes, each feature's column is written sequentially, and the row-major copy is
  // filled from the block while it is still in cache.
  const BLOCK = 1024;
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const r1 = Math.min(nRows, r0 + BLOCK);
    for (let f = 0; f < nFeatures; f++) {
      const edges = mapper.edges[f];
      const missing = edges.length;
      const { lo, scale, lowBin, highBin } = lookups[f];
      const co = f * nRows;
      for (let r = r0, xo = r0 * nFeatures + f; r < r1; r++, xo += nFeatures) {
        const v = X[xo];
        let b: number;
        if (v !== v) b = missing;
        else {
          const x = Math.fround(v);
          const t = (x - lo) * scale;
          const c = t <= 0 ? 0 : t >= lastCell ? lastCell : t | 0;
          b = lowBin[c];
          let hi = highBin[c];
          while (b < hi) {
            const mid = (b + hi) >>> 1;
            if (x <= edges[mid]) hi = mid;
            else b = mid + 1;
          }
        }
        columns[co + r] = b;
      }
      for (let r = r0, bo = r0 * rowBytes + f; r < r1; r++, bo += rowBytes) bytes[bo] = columns[co + r];
    }
  }
  return { nRows, nFeatures, nGroups, words, bytes, columns };
}
