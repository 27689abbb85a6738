/**
 * Window helpers shared by the indicators: argument checks, TTR's leading-NA rule, ring buffers, rolling
 * sums and moments that re-sum their window every `n` updates (so add/subtract drift cannot build up),
 * and monotonic deques for rolling max/min.
 */
import { InvalidInputError } from "../errors";
import type { HLC, PriceInput, Series } from "./types";

export function checkWindow(n: number, field = "n"): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidInputError(`${field} must be an integer >= 1, got ${n}`, { field });
  }
}

export function nanArray(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/**
 * Index of the first non-NaN value (x.length when there is none). A NaN after it throws, as TTR's
 * "Series contains non-leading NAs" does: a running sum or EMA cannot step over a hole.
 */
export function leadingNaNs(x: Series, field: string): number {
  let first = 0;
  while (first < x.length && Number.isNaN(x[first])) first++;
  for (let i = first + 1; i < x.length; i++) {
    if (Number.isNaN(x[i])) {
      throw new InvalidInputError(`${field} has a missing value after its first value (only leading NaNs are allowed)`, {
        field,
        row: i,
      });
    }
  }
  return first;
}

/** Length of an HLC input; throws when the columns differ in length or hold a NaN. */
export function checkHLC(hlc: HLC): number {
  const n = hlc.close.length;
  for (const field of ["high", "low", "close"] as const) {
    const col = hlc[field];
    if (col.length !== n) {
      throw new InvalidInputError(`${field} has ${col.length} values, close has ${n}`, { field });
    }
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col[i])) throw new InvalidInputError(`${field} is missing`, { field, row: i });
    }
  }
  return n;
}

export function checkBar(bar: { high: number; low: number; close: number }, row: number): void {
  for (const field of ["high", "low", "close"] as const) {
    if (Number.isNaN(bar[field])) throw new InvalidInputError(`${field} is missing`, { field, row });
  }
}

export function priceOf(input: PriceInput): number {
  return typeof input === "number" ? input : input.close;
}

/**
 * Tracks TTR's leading-NA rule for a state: NaNs before the first value are skipped (the output stays NaN),
 * a NaN after it throws.
 */
export class LeadingGuard {
  started = false;
  /** Returns true when `x` should be skipped (a leading NaN). */
  skip(x: number, row: number, field: string): boolean {
    if (Number.isNaN(x)) {
      if (this.started) {
        throw new InvalidInputError(`${field} has a missing value after its first value (only leading NaNs are allowed)`, {
          field,
          row,
        });
      }
      return true;
    }
    this.started = true;
    return false;
  }
}

/** Fixed-size ring buffer of the last `n` values. */
export class Ring {
  private readonly buf: Float64Array;
  private head = 0;
  count = 0;
  constructor(readonly n: number) {
    this.buf = new Float64Array(n);
  }
  get full(): boolean {
    return this.count === this.n;
  }
  /** Appends `x`; returns the value that fell out of the window (NaN while it was not full). */
  push(x: number): number {
    const old = this.count === this.n ? this.buf[this.head] : Number.NaN;
    this.buf[this.head] = x;
    this.head = this.head + 1 === this.n ? 0 : this.head + 1;
    if (this.count < this.n) this.count++;
    return old;
  }
  /** i = 0 is the oldest value held, count - 1 the newest. */
  at(i: number): number {
    const start = this.count === this.n ? this.head : 0;
    const j = start + i;
    return this.buf[j >= this.n ? j - this.n : j];
  }
  /** Newest-to-oldest age k = 0 is the value just pushed. */
  back(k: number): number {
    const j = this.head - 1 - k;
    return this.buf[j < 0 ? j + this.n : j];
  }
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.at(i);
    return s;
  }
}

/** Sum of the last `n` values, O(1) per update; re-summed from the window every `n` updates. */
export class RollingSum {
  private readonly ring: Ring;
  private s = 0;
  private sinceResum = 0;
  constructor(readonly n: number) {
    this.ring = new Ring(n);
  }
  push(x: number): void {
    const wasFull = this.ring.full;
    const old = this.ring.push(x);
    if (!wasFull) {
      this.s += x;
    } else if (++this.sinceResum >= this.n) {
      this.s = this.ring.sum();
      this.sinceResum = 0;
    } else {
      this.s += x - old;
    }
  }
  get full(): boolean {
    return this.ring.full;
  }
  /** The window sum, NaN until `n` values were pushed. */
  get value(): number {
    return this.ring.full ? this.s : Number.NaN;
  }
  get window(): Ring {
    return this.ring;
  }
}

/**
 * Mean and population variance of the last `n` values, O(1) per update (sliding Welford), re-computed with
 * two passes over the window every `n` updates.
 */
export class RollingMoments {
  private readonly ring: Ring;
  private mu = 0;
  private m2 = 0;
  private sinceResum = 0;
  constructor(readonly n: number) {
    this.ring = new Ring(n);
  }
  push(x: number): void {
    const wasFull = this.ring.full;
    const old = this.ring.push(x);
    if (!wasFull) {
      // Welford's add step while the window fills.
      const k = this.ring.count;
      const d = x - this.mu;
      this.mu += d / k;
      this.m2 += d * (x - this.mu);
    } else if (++this.sinceResum >= this.n) {
      this.resum();
    } else {
      const mu0 = this.mu;
      this.mu = mu0 + (x - old) / this.n;
      this.m2 += (x - old) * (x - this.mu + old - mu0);
    }
  }
  private resum(): void {
    this.sinceResum = 0;
    const n = this.ring.count;
    let s = 0;
    for (let i = 0; i < n; i++) s += this.ring.at(i);
    const mu = s / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = this.ring.at(i) - mu;
      m2 += d * d;
    }
    this.mu = mu;
    this.m2 = m2;
  }
  get full(): boolean {
    return this.ring.full;
  }
  /** Population standard deviation of the window (divisor n), NaN until full. */
  get sd(): number {
    return this.ring.full ? Math.sqrt(Math.max(this.m2 / this.n, 0)) : Number.NaN;
  }
}

/** Max (or min) of the last `n` values: a monotonic deque of at most `n` entries, amortised O(1). */
export class RollingExtreme {
  private readonly idx: Float64Array;
  private readonly val: Float64Array;
  private front = 0;
  private size = 0;
  private t = 0;
  constructor(
    readonly n: number,
    private readonly max: boolean,
  ) {
    this.idx = new Float64Array(n);
    this.val = new Float64Array(n);
  }
  push(x: number): void {
    const n = this.n;
    // Drop the front when it leaves the window [t - n + 1, t].
    if (this.size > 0 && this.idx[this.front] <= this.t - n) {
      this.front = this.front + 1 === n ? 0 : this.front + 1;
      this.size--;
    }
    // Drop dominated entries from the back.
    while (this.size > 0) {
      let b = this.front + this.size - 1;
      if (b >= n) b -= n;
      const v = this.val[b];
      if (this.max ? v <= x : v >= x) this.size--;
      else break;
    }
    let b = this.front + this.size;
    if (b >= n) b -= n;
    this.idx[b] = this.t;
    this.val[b] = x;
    this.size++;
    this.t++;
  }
  /** NaN until `n` values were pushed. */
  get value(): number {
    return this.t >= this.n ? this.val[this.front] : Number.NaN;
  }
}

/** Batch rolling max/min over windows ending at i >= first + n - 1 (NaN before). */
export function rollingExtreme(x: Series, n: number, max: boolean, first = 0): Float64Array {
  const len = x.length;
  const out = nanArray(len);
  const dq = new Int32Array(Math.max(len, 1));
  let head = 0;
  let tail = 0;
  for (let i = first; i < len; i++) {
    const v = x[i];
    while (tail > head && (max ? x[dq[tail - 1]] <= v : x[dq[tail - 1]] >= v)) tail--;
    dq[tail++] = i;
    if (dq[head] <= i - n) head++;
    if (i >= first + n - 1) out[i] = x[dq[head]];
  }
  return out;
}

/** Batch rolling sum over windows ending at i >= first + n - 1; re-summed from the window every n steps. */
export function rollingSum(x: Series, n: number, first: number): Float64Array {
  const len = x.length;
  const out = nanArray(len);
  if (first + n > len) return out;
  let s = 0;
  for (let i = first; i < first + n; i++) s += x[i];
  out[first + n - 1] = s;
  let since = 0;
  for (let i = first + n; i < len; i++) {
    if (++since >= n) {
      s = 0;
      for (let j = i - n + 1; j <= i; j++) s += x[j];
      since = 0;
    } else {
      s += x[i] - x[i - n];
    }
    out[i] = s;
  }
  return out;
}

/** (high + low + close) / 3 per bar: TTR's `apply(HLC, 1, mean)`. */
export function typicalPrice(hlc: HLC): Float64Array {
  const len = checkHLC(hlc);
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = (hlc.high[i] + hlc.low[i] + hlc.close[i]) / 3;
  return out;
}
