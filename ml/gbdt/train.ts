/**
 * Histogram gradient-boosted decision trees, trained here in TypeScript. Follows LightGBM
 * (Ke et al. 2017, NeurIPS, "LightGBM: A Highly Efficient Gradient Boosting Decision Tree"):
 *   - features are pre-binned (ml/gbdt/bin.ts) into at most maxBin value bins plus a missing bin;
 *   - trees grow leaf-wise (best-first): always split the leaf with the largest gain, up to maxLeaves;
 *   - split gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (second-order boosting, Chen & Guestrin 2016);
 *   - for each split the missing-value bin is tried on both sides and the better side is learned;
 *   - histogram subtraction: only the smaller child's histogram is built, the sibling's is parent − child;
 *   - L1 / quantile objectives grow on gradient signs and then refit each leaf to the median /
 *     alpha-quantile of its residuals (LightGBM RenewTreeOutput).
 * Hessians are constant 1 for all supported objectives, so a histogram cell holds (sum of gradients,
 * row count). Hot loops use typed arrays only: bins Uint8Array column-major, gradients Float64Array,
 * row partitions Uint32Array.
 */
import { binAt, binColumns, fitBinMapper, type BinMapper, type BinnedData } from "./bin";
import { InvalidInputError } from "./errors";
import type { GbdtModel, GbdtObjective, TreeArrays } from "./model";
import { computeGradients, initialScore, meanLoss, quantileInPlace } from "./objective";
import { addTreePredictions } from "./predict";
import { createRng, sampleWithoutReplacement } from "./prng";

export interface GbdtParams {
  objective: GbdtObjective;
  /** Quantile probability for objective "quantile". */
  alpha: number;
  /** Maximum number of boosting iterations (trees). */
  numTrees: number;
  learningRate: number;
  maxLeaves: number;
  /** Maximum tree depth; 0 or negative = unlimited (leaf count still bounds it). */
  maxDepth: number;
  minDataInLeaf: number;
  /** L2 regularisation λ on leaf values. */
  lambdaL2: number;
  minGainToSplit: number;
  /** Value bins per feature (≤ 255; a missing bin is added). */
  maxBin: number;
  /** Fraction of rows drawn (without replacement, per iteration) to grow each tree; 1 = all. */
  baggingFraction: number;
  /** Fraction of features each tree may split on; 1 = all. */
  featureFraction: number;
  /** Stop when the validation loss has not improved for this many iterations; 0 = off. */
  earlyStoppingRounds: number;
  seed: number;
  /** Rows sampled to find bin edges. */
  binSampleRows: number;
}

export const defaultGbdtParams: GbdtParams = {
  objective: "l2",
  alpha: 0.5,
  numTrees: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 0,
  minDataInLeaf: 20,
  lambdaL2: 0,
  minGainToSplit: 0,
  maxBin: 255,
  baggingFraction: 1,
  featureFraction: 1,
  earlyStoppingRounds: 0,
  seed: 0,
  binSampleRows: 200_000,
};

export interface GbdtDataset {
  /** Row-major features, nRows × nFeatures; NaN = missing. */
  X: Float32Array | Float64Array;
  y: Float32Array | Float64Array;
  nRows: number;
  nFeatures: number;
}

export interface GbdtIterationEvent {
  iteration: number;
  trainLoss: number;
  validLoss?: number;
}

export interface GbdtTrainOptions {
  valid?: GbdtDataset;
  featureNames?: string[];
  onIteration?: (event: GbdtIterationEvent) => void;
}

export interface GbdtTrainResult {
  model: GbdtModel;
  /** Index of the last kept tree + 1 (= model.trees.length). */
  bestIteration: number;
  trainLoss: number[];
  validLoss: number[];
}

function validateDataset(d: GbdtDataset, field: string): void {
  if (!Number.isInteger(d.nRows) || d.nRows < 1) throw new InvalidInputError(`${field}.nRows must be a positive integer`, { field: `${field}.nRows` });
  if (!Number.isInteger(d.nFeatures) || d.nFeatures < 1) throw new InvalidInputError(`${field}.nFeatures must be a positive integer`, { field: `${field}.nFeatures` });
  if (d.X.length !== d.nRows * d.nFeatures) {
    throw new InvalidInputError(`${field}.X has ${d.X.length} values, expected ${d.nRows}×${d.nFeatures}`, { field: `${field}.X` });
  }
  if (d.y.length !== d.nRows) throw new InvalidInputError(`${field}.y has ${d.y.length} values, expected ${d.nRows}`, { field: `${field}.y` });
  for (let i = 0; i < d.nRows; i++) {
    if (!Number.isFinite(d.y[i])) throw new InvalidInputError(`${field}.y must be finite, got ${d.y[i]}`, { field: `${field}.y`, row: i });
  }
}

function validateParams(p: GbdtParams): void {
  const bad = (name: keyof GbdtParams, why: string) => {
    throw new InvalidInputError(`params.${name} ${why}, got ${String(p[name])}`, { field: `params.${name}` });
  };
  if (!["l2", "l1", "quantile"].includes(p.objective)) bad("objective", "must be l2, l1 or quantile");
  if (p.objective === "quantile" && !(p.alpha > 0 && p.alpha < 1)) bad("alpha", "must lie in (0, 1)");
  if (!(Number.isInteger(p.numTrees) && p.numTrees >= 1)) bad("numTrees", "must be a positive integer");
  if (!(p.learningRate > 0)) bad("learningRate", "must be > 0");
  if (!(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 2)) bad("maxLeaves", "must be an integer >= 2");
  if (!(Number.isInteger(p.maxBin) && p.maxBin >= 2 && p.maxBin <= 255)) bad("maxBin", "must be an integer in [2, 255]");
  if (!(p.minDataInLeaf >= 1)) bad("minDataInLeaf", "must be >= 1");
  if (!(p.lambdaL2 >= 0)) bad("lambdaL2", "must be >= 0");
  if (!(p.baggingFraction > 0 && p.baggingFraction <= 1)) bad("baggingFraction", "must lie in (0, 1]");
  if (!(p.featureFraction > 0 && p.featureFraction <= 1)) bad("featureFraction", "must lie in (0, 1]");
  if (!(p.earlyStoppingRounds >= 0)) bad("earlyStoppingRounds", "must be >= 0");
}

/** Mutable state of one tree being grown; arrays are sized for maxLeaves and reused across trees. */
class TreeGrower {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly mapper: BinMapper;
  readonly binned: BinnedData;
  /** Histogram offset (in doubles) and size of each packed feature slot (4 per group); padding slots share a scratch area. */
  readonly slotOffset: Int32Array;
  readonly slotSize: Int32Array;
  readonly p: GbdtParams;
  // per-leaf state
  readonly leafStart: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafDepth: Int32Array;
  readonly leafNode: Int32Array;
  readonly leafHist: Int32Array;
  readonly leafG: Float64Array;
  readonly leafC: Float64Array;
  readonly bestGain: Float64Array;
  readonly bestFeature: Int32Array;
  readonly bestBin: Int32Array;
  readonly bestMissingLeft: Uint8Array;
  // nodes of the tree being built
  readonly nodeFeature: Int32Array;
  readonly nodeBin: Int32Array;
  readonly nodeLeft: Int32Array;
  readonly nodeRight: Int32Array;
  readonly nodeMissingLeft: Uint8Array;
  readonly nodeValue: Float64Array;
  /** Rows that reached each node (its hessian sum): TreeSHAP's cover. */
  readonly nodeCover: Float64Array;
  readonly hists: Float64Array[];
  readonly freeHists: number[] = [];
  readonly partitionTmp: Uint32Array;
  readonly partitionGradTmp: Float64Array;
  /** Gradients in partition order: gOrd[k] belongs to row idx[k]. */
  readonly gOrd: Float64Array;
  readonly activeOffsets: Int32Array;
  readonly activeGroups: Int32Array;
  nLeaves = 0;
  nNodes = 0;
  /** Root histogram of the first unbagged tree over all features; its odd cells (counts) are reused. */
  rootCounts: Float64Array | null = null;

  constructor(binned: BinnedData, nRows: number, nFeatures: number, mapper: BinMapper, p: GbdtParams) {
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    this.mapper = mapper;
    this.p = p;
    this.binned = binned;
    this.slotOffset = new Int32Array(binned.nGroups * 4);
    this.slotSize = new Int32Array(binned.nGroups * 4);
    for (let s = 0; s < binned.nGroups * 4; s++) {
      if (s < nFeatures) {
        this.slotOffset[s] = mapper.offsets[s] * 2;
        this.slotSize[s] = (mapper.nValueBins[s] + 1) * 2;
      } else {
        this.slotOffset[s] = mapper.totalBins * 2;
        this.slotSize[s] = 2;
      }
    }
    const L = p.maxLeaves;
    this.leafStart = new Int32Array(L);
    this.leafEnd = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.leafNode = new Int32Array(L);
    this.leafHist = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafC = new Float64Array(L);
    this.bestGain = new Float64Array(L);
    this.bestFeature = new Int32Array(L);
    this.bestBin = new Int32Array(L);
    this.bestMissingLeft = new Uint8Array(L);
    const N = 2 * L - 1;
    this.nodeFeature = new Int32Array(N);
    this.nodeBin = new Int32Array(N);
    this.nodeLeft = new Int32Array(N);
    this.nodeRight = new Int32Array(N);
    this.nodeMissingLeft = new Uint8Array(N);
    this.nodeValue = new Float64Array(N);
    this.nodeCover = new Float64Array(N);
    this.hists = [];
    for (let i = 0; i < L; i++) this.hists.push(new Float64Array(mapper.totalBins * 2 + 2));
    this.partitionTmp = new Uint32Array(nRows);
    this.partitionGradTmp = new Float64Array(nRows);
    this.gOrd = new Float64Array(nRows);
    this.activeOffsets = new Int32Array(binned.nGroups * 4);
    this.activeGroups = new Int32Array(binned.nGroups);
  }

  /**
   * Histogram of rows idx[start, end) for the features of the active groups into hists[h]; gOrd[k] is
   * the gradient of row idx[k] ("ordered gradients", as LightGBM and scikit-learn keep them), so the
   * only random access per row is its packed bins (row-major: one or two cache lines for all features).
   */
  buildHistogram(h: number, idx: Uint32Array, gOrd: Float64Array, start: number, end: number, groups: Int32Array, withCounts = true): void {
    const hist = this.hists[h];
    const so = this.slotOffset;
    const ss = this.slotSize;
    const words = this.binned.words;
    const nG = this.binned.nGroups;
    const nA = groups.length;
    // Slot offsets of the active groups, 4 per group, so the inner loop reads one small array.
    const ao = this.activeOffsets;
    const aq = this.activeGroups;
    for (let a = 0; a < nA; a++) {
      const q = groups[a];
      aq[a] = q;
      for (let k = 0; k < 4; k++) {
        const s = q * 4 + k;
        ao[a * 4 + k] = so[s];
        hist.fill(0, so[s], so[s] + ss[s]);
      }
    }
    if (!withCounts) {
      // Root of an unbagged tree: the row counts are the same every iteration (copied by the caller).
      for (let k = start; k < end; k++) {
        const wo = idx[k] * nG;
        const g = gOrd[k];
        for (let a = 0, a4 = 0; a < nA; a++, a4 += 4) {
          const w = words[wo + aq[a]];
          hist[ao[a4] + ((w & 255) << 1)] += g;
          hist[ao[a4 + 1] + (((w >>> 8) & 255) << 1)] += g;
          hist[ao[a4 + 2] + (((w >>> 16) & 255) << 1)] += g;
          hist[ao[a4 + 3] + ((w >>> 24) << 1)] += g;
        }
      }
      return;
    }
    // Unrolled over the 4 features packed in one word; a cell is (gradient sum, row count).
    if (nA === nG) {
      // All feature groups (no feature_fraction): row r's words are contiguous, no group indirection.
      for (let k = start; k < end; k++) {
        const wo = idx[k] * nG;
        const g = gOrd[k];
        for (let a = 0, a4 = 0; a < nG; a++, a4 += 4) {
          const w = words[wo + a];
          let j = ao[a4] + ((w & 255) << 1);
          hist[j] += g;
          hist[j + 1] += 1;
          j = ao[a4 + 1] + (((w >>> 8) & 255) << 1);
          hist[j] += g;
          hist[j + 1] += 1;
          j = ao[a4 + 2] + (((w >>> 16) & 255) << 1);
          hist[j] += g;
          hist[j + 1] += 1;
          j = ao[a4 + 3] + ((w >>> 24) << 1);
          hist[j] += g;
          hist[j + 1] += 1;
        }
      }
      return;
    }
    for (let k = start; k < end; k++) {
      const wo = idx[k] * nG;
      const g = gOrd[k];
      for (let a = 0, a4 = 0; a < nA; a++, a4 += 4) {
        const w = words[wo + aq[a]];
        let j = ao[a4] + ((w & 255) << 1);
        hist[j] += g;
        hist[j + 1]++;
        j = ao[a4 + 1] + (((w >>> 8) & 255) << 1);
        hist[j] += g;
        hist[j + 1]++;
        j = ao[a4 + 2] + (((w >>> 16) & 255) << 1);
        hist[j] += g;
        hist[j + 1]++;
        j = ao[a4 + 3] + ((w >>> 24) << 1);
        hist[j] += g;
        hist[j + 1]++;
      }
    }
  }

  /** hists[big] -= hists[small] over the active groups (histogram subtraction trick). */
  subtractHistogram(big: number, small: number, groups: Int32Array): void {
    const a = this.hists[big];
    const b = this.hists[small];
    const so = this.slotOffset;
    const ss = this.slotSize;
    for (let i = 0; i < groups.length; i++) {
      for (let s = groups[i] * 4, e = s + 4; s < e; s++) {
        for (let j = so[s], hi = so[s] + ss[s]; j < hi; j++) a[j] -= b[j];
      }
    }
  }

  /** Best split of a leaf over the active features, stored in best* arrays. */
  findBestSplit(leaf: number, active: Int32Array): void {
    const p = this.p;
    this.bestGain[leaf] = -Infinity;
    const C = this.leafC[leaf];
    if (C < 2 * p.minDataInLeaf) return;
    if (p.maxDepth > 0 && this.leafDepth[leaf] >= p.maxDepth) return;
    const G = this.leafG[leaf];
    const lambda = p.lambdaL2;
    const minData = p.minDataInLeaf;
    const parentScore = (G * G) / (C + lambda);
    const hist = this.hists[this.leafHist[leaf]];
    const offsets = this.mapper.offsets;
    const nValueBins = this.mapper.nValueBins;
    let bestGain = p.minGainToSplit;
    let bestF = -1;
    let bestB = -1;
    let bestMl = 0;
    for (let a = 0; a < active.length; a++) {
      const f = active[a];
      const nb = nValueBins[f];
      if (nb < 2) continue;
      const base = offsets[f] * 2;
      const missG = hist[base + nb * 2];
      const missC = hist[base + nb * 2 + 1];
      let lg = 0;
      let lc = 0;
      for (let b = 0; b < nb - 1; b++) {
        lg += hist[base + b * 2];
        lc += hist[base + b * 2 + 1];
        if (lc === 0) continue;
        // missing values go right
        let rc = C - lc;
        if (lc >= minData && rc >= minData) {
          const rg = G - lg;
          const gain = (lg * lg) / (lc + lambda) + (rg * rg) / (rc + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestB = b;
            bestMl = 0;
          }
        }
        if (missC > 0) {
          // missing values go left
          const lc2 = lc + missC;
          rc = C - lc2;
          if (lc2 >= minData && rc >= minData) {
            const lg2 = lg + missG;
            const rg = G - lg2;
            const gain = (lg2 * lg2) / (lc2 + lambda) + (rg * rg) / (rc + lambda) - parentScore;
            if (gain > bestGain) {
              bestGain = gain;
              bestF = f;
              bestB = b;
              bestMl = 1;
            }
          }
        }
      }
    }
    if (bestF < 0 || !(bestGain > 0)) return;
    this.bestGain[leaf] = bestGain;
    this.bestFeature[leaf] = bestF;
    this.bestBin[leaf] = bestB;
    this.bestMissingLeft[leaf] = bestMl;
  }

  /** Reorders idx[start,end) (and gOrd with it) so rows going left come first; both halves keep their order. */
  partition(idx: Uint32Array, gOrd: Float64Array, start: number, end: number, f: number, bin: number, missingLeft: boolean): number {
    const col = this.binned.columns;
    const co = f * this.nRows;
    const missBin = this.mapper.nValueBins[f];
    const tmp = this.partitionTmp;
    const gTmp = this.partitionGradTmp;
    let w = start;
    let t = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const g = gOrd[i];
      const b = col[co + r];
      const goLeft = b === missBin ? missingLeft : b <= bin;
      if (goLeft) {
        idx[w] = r;
        gOrd[w++] = g;
      } else {
        tmp[t] = r;
        gTmp[t++] = g;
      }
    }
    idx.set(tmp.subarray(0, t), w);
    gOrd.set(gTmp.subarray(0, t), w);
    return w;
  }

  /** Grows one tree on rows idx[0, nSample); leaves end up with their row ranges in leafStart/leafEnd. */
  grow(idx: Uint32Array, nSample: number, grad: Float64Array, active: Int32Array, groups: Int32Array): void {
    const p = this.p;
    this.freeHists.length = 0;
    for (let i = p.maxLeaves - 1; i >= 0; i--) this.freeHists.push(i);
    this.nNodes = 1;
    this.nLeaves = 1;
    this.nodeFeature[0] = -1;
    this.nodeCover[0] = nSample;
    this.leafStart[0] = 0;
    this.leafEnd[0] = nSample;
    this.leafDepth[0] = 0;
    this.leafNode[0] = 0;
    this.leafHist[0] = this.freeHists.pop()!;
    const gOrd = this.gOrd;
    let g = 0;
    for (let k = 0; k < nSample; k++) {
      const gk = grad[idx[k]];
      gOrd[k] = gk;
      g += gk;
    }
    this.leafG[0] = g;
    this.leafC[0] = nSample;
    const rootHist = this.hists[this.leafHist[0]];
    if (nSample === this.nRows && groups.length === this.binned.nGroups && this.rootCounts) {
      // All rows, all features: the root's counts are those of the first tree; only gradients change.
      this.buildHistogram(this.leafHist[0], idx, gOrd, 0, nSample, groups, false);
      const rc = this.rootCounts;
      for (let j = 1; j < rc.length; j += 2) rootHist[j] = rc[j];
    } else {
      this.buildHistogram(this.leafHist[0], idx, gOrd, 0, nSample, groups);
      if (nSample === this.nRows && groups.length === this.binned.nGroups) this.rootCounts = rootHist.slice();
    }
    this.findBestSplit(0, active);

    while (this.nLeaves < p.maxLeaves) {
      let leaf = -1;
      let best = -Infinity;
      for (let l = 0; l < this.nLeaves; l++) {
        if (this.bestGain[l] > best) {
          best = this.bestGain[l];
          leaf = l;
        }
      }
      if (leaf < 0 || !(best > p.minGainToSplit)) break;
      const f = this.bestFeature[leaf];
      const bin = this.bestBin[leaf];
      const ml = this.bestMissingLeft[leaf] === 1;
      const start = this.leafStart[leaf];
      const end = this.leafEnd[leaf];
      const mid = this.partition(idx, gOrd, start, end, f, bin, ml);

      const node = this.leafNode[leaf];
      const leftNode = this.nNodes++;
      const rightNode = this.nNodes++;
      this.nodeFeature[node] = f;
      this.nodeBin[node] = bin;
      this.nodeLeft[node] = leftNode;
      this.nodeRight[node] = rightNode;
      const leftCount = mid - start;
      const rightCount = end - mid;
      // A node that saw no missing values sends future NaNs to its larger child (as scikit-learn does).
      const missBin = this.mapper.nValueBins[f];
      const parentHist = this.hists[this.leafHist[leaf]];
      const sawMissing = parentHist[(this.mapper.offsets[f] + missBin) * 2 + 1] > 0;
      this.nodeMissingLeft[node] = sawMissing ? (ml ? 1 : 0) : leftCount >= rightCount ? 1 : 0;
      this.nodeFeature[leftNode] = -1;
      this.nodeFeature[rightNode] = -1;
      this.nodeCover[leftNode] = leftCount;
      this.nodeCover[rightNode] = rightCount;

      const right = this.nLeaves++;
      const depth = this.leafDepth[leaf] + 1;
      let lg = 0;
      for (let k = start; k < mid; k++) lg += gOrd[k];
      const parentG = this.leafG[leaf];
      const parentHistId = this.leafHist[leaf];
      this.leafStart[right] = mid;
      this.leafEnd[right] = end;
      this.leafDepth[right] = depth;
      this.leafNode[right] = rightNode;
      this.leafG[right] = parentG - lg;
      this.leafC[right] = rightCount;
      this.leafEnd[leaf] = mid;
      this.leafDepth[leaf] = depth;
      this.leafNode[leaf] = leftNode;
      this.leafG[leaf] = lg;
      this.leafC[leaf] = leftCount;

      const fresh = this.freeHists.pop()!;
      const smallIsLeft = leftCount <= rightCount;
      const small = smallIsLeft ? leaf : right;
      const big = smallIsLeft ? right : leaf;
      this.leafHist[small] = fresh;
      this.leafHist[big] = parentHistId;
      this.buildHistogram(fresh, idx, gOrd, this.leafStart[small], this.leafEnd[small], groups);
      this.subtractHistogram(parentHistId, fresh, groups);
      this.findBestSplit(leaf, active);
      this.findBestSplit(right, active);
    }
  }
}

/** Trains a GBDT; see GbdtParams for the knobs. Deterministic for a fixed params.seed. */
export function trainGbdt(train: GbdtDataset, params: Partial<GbdtParams> = {}, opts: GbdtTrainOptions = {}): GbdtTrainResult {
  const p: GbdtParams = { ...defaultGbdtParams, ...params };
  validateParams(p);
  validateDataset(train, "train");
  if (opts.valid) {
    validateDataset(opts.valid, "valid");
    if (opts.valid.nFeatures !== train.nFeatures) {
      throw new InvalidInputError(`valid has ${opts.valid.nFeatures} features, train has ${train.nFeatures}`, { field: "valid.nFeatures" });
    }
  }
  const { X, y, nRows: n, nFeatures } = train;
  const featureNames = opts.featureNames ?? Array.from({ length: nFeatures }, (_, i) => `f${i}`);
  if (featureNames.length !== nFeatures) {
    throw new InvalidInputError(`featureNames has ${featureNames.length} names for ${nFeatures} features`, { field: "featureNames" });
  }
  const rng = createRng(p.seed);
  const mapper = fitBinMapper(X, n, nFeatures, p.maxBin, p.binSampleRows, rng);
  const bins = binColumns(mapper, X, n, nFeatures);
  const grower = new TreeGrower(bins, n, nFeatures, mapper, p);

  const alpha = p.objective === "l1" ? 0.5 : p.alpha;
  const baseScore = initialScore(p.objective, alpha, y);
  const pred = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const idx = new Uint32Array(n);
  const oob = new Uint32Array(n);
  const residualBuf = new Float64Array(n);
  const validPred = opts.valid ? new Float64Array(opts.valid.nRows).fill(baseScore) : null;
  const nActive = Math.max(1, Math.round(p.featureFraction * nFeatures));
  const allFeatures = Int32Array.from({ length: nFeatures }, (_, i) => i);

  const trees: TreeArrays[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  let bestValid = Infinity;
  let bestIter = -1;

  for (let iter = 0; iter < p.numTrees; iter++) {
    computeGradients(p.objective, alpha, y, pred, grad);
    // Bagging: rows drawn afresh each iteration (LightGBM bagging_freq=1), kept in ascending order.
    let nSample = 0;
    let nOob = 0;
    if (p.baggingFraction < 1) {
      for (let r = 0; r < n; r++) {
        if (rng() < p.baggingFraction) idx[nSample++] = r;
        else oob[nOob++] = r;
      }
    } else {
      for (let r = 0; r < n; r++) idx[r] = r;
      nSample = n;
    }
    const active = nActive < nFeatures ? sampleWithoutReplacement(nFeatures, nActive, rng) : allFeatures;
    const groups = Int32Array.from(new Set(Array.from(active, (f) => f >>> 2)));
    grower.grow(idx, nSample, grad, active, groups);

    // Leaf outputs, then in-bag predictions straight from the leaf row ranges.
    const tree = makeTree(grower, mapper);
    for (let l = 0; l < grower.nLeaves; l++) {
      const start = grower.leafStart[l];
      const end = grower.leafEnd[l];
      let raw: number;
      if (p.objective === "l2") {
        raw = -grower.leafG[l] / (grower.leafC[l] + p.lambdaL2);
      } else {
        const res = residualBuf.subarray(0, end - start);
        for (let k = start; k < end; k++) res[k - start] = y[idx[k]] - pred[idx[k]];
        raw = quantileInPlace(res, alpha);
      }
      const v = raw * p.learningRate;
      const node = grower.leafNode[l];
      tree.value[node] = v;
      for (let k = start; k < end; k++) pred[idx[k]] += v;
    }
    // Out-of-bag rows: walk the tree in bin space (identical routing to the float thresholds).
    for (let k = 0; k < nOob; k++) pred[oob[k]] += tree.value[walkBinned(grower, bins, oob[k])];
    trees.push(tree);

    const tl = meanLoss(p.objective, alpha, y, pred);
    trainLoss.push(tl);
    let vl: number | undefined;
    if (opts.valid && validPred) {
      addTreePredictions(tree, opts.valid.X, opts.valid.nRows, nFeatures, validPred);
      vl = meanLoss(p.objective, alpha, opts.valid.y, validPred);
      validLoss.push(vl);
      if (vl < bestValid) {
        bestValid = vl;
        bestIter = iter;
      }
    }
    opts.onIteration?.({ iteration: iter + 1, trainLoss: tl, validLoss: vl });
    if (opts.valid && p.earlyStoppingRounds > 0 && iter - bestIter >= p.earlyStoppingRounds) break;
  }
  if (opts.valid && p.earlyStoppingRounds > 0 && bestIter >= 0) trees.length = bestIter + 1;

  const model: GbdtModel = {
    format: "almanac-gbdt",
    version: 1,
    objective: p.objective,
    ...(p.objective === "quantile" ? { alpha: p.alpha } : {}),
    baseScore,
    featureNames: [...featureNames],
    trees,
  };
  return { model, bestIteration: trees.length, trainLoss, validLoss };
}

function walkBinned(g: TreeGrower, bins: BinnedData, r: number): number {
  let node = 0;
  while (g.nodeFeature[node] >= 0) {
    const f = g.nodeFeature[node];
    const b = binAt(bins, f, r);
    const left = b === g.mapper.nValueBins[f] ? g.nodeMissingLeft[node] === 1 : b <= g.nodeBin[node];
    node = left ? g.nodeLeft[node] : g.nodeRight[node];
  }
  return node;
}

/** Copies the grown structure into the serialised format (thresholds = float32 bin edges). */
function makeTree(g: TreeGrower, mapper: BinMapper): TreeArrays {
  const n = g.nNodes;
  const tree: TreeArrays = {
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    missingLeft: new Uint8Array(n),
    value: new Float64Array(n),
    cover: g.nodeCover.slice(0, n),
  };
  for (let i = 0; i < n; i++) {
    const f = g.nodeFeature[i];
    tree.feature[i] = f;
    if (f >= 0) {
      tree.threshold[i] = mapper.edges[f][g.nodeBin[i]];
      tree.left[i] = g.nodeLeft[i];
      tree.right[i] = g.nodeRight[i];
      tree.missingLeft[i] = g.nodeMissingLeft[i];
    } else {
      tree.left[i] = -1;
      tree.right[i] = -1;
    }
  }
  return tree;
}
