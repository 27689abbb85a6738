/**
 * STL (Cleveland et al. 1990) as R's `stats::stl` runs it without robustness iterations, ported from
 * R's stl.c (f2c of netlib stl.f). Used only for forecast's seasonal-strength heuristic
 * (`nsdiffs(test = "seas")`), which decomposes with `mstl` → `stl(x, s.window = 11)`.
 */

function stlest(y: Float64Array, n: number, len: number, ideg: number, xs: number, nleft: number, nright: number, w: Float64Array): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = h * 0.999;
  const h1 = h * 0.001;
  let a = 0;
  for (let j = nleft - 1; j < nright; j++) {
    const r = Math.abs(j + 1 - xs);
    if (r <= h9) {
      if (r <= h1) w[j] = 1;
      else {
        const u = r / h;
        const v = 1 - u * u * u;
        w[j] = v * v * v;
      }
      a += w[j];
    } else w[j] = 0;
  }
  if (a <= 0) return null;
  for (let j = nleft - 1; j < nright; j++) w[j] /= a;
  if (h > 0 && ideg > 0) {
    a = 0;
    for (let j = nleft - 1; j < nright; j++) a += w[j] * (j + 1);
    let b = xs - a;
    let c = 0;
    for (let j = nleft - 1; j < nright; j++) {
      const dd = j + 1 - a;
      c += w[j] * dd * dd;
    }
    if (Math.sqrt(c) > range * 0.001) {
      b /= c;
      for (let j = nleft - 1; j < nright; j++) w[j] *= b * (j + 1 - a) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft - 1; j < nright; j++) ys += w[j] * y[j];
  return ys;
}

/** Loess smoothing of y[0..n) into ys[off..off+n). */
function stless(y: Float64Array, n: number, len: number, ideg: number, njump: number, ys: Float64Array, off: number, res: Float64Array) {
  if (n < 2) {
    ys[off] = y[0];
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 1;
  let nright = n;
  const est = (i: number) => {
    const v = stlest(y, n, len, ideg, i + 1, nleft, nright, res);
    ys[off + i] = v === null ? y[i] : v;
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 0; i < n; i += newnj) est(i);
  } else {
    const nsh = Math.trunc((len + 1) / 2);
    if (newnj === 1) {
      nleft = 1;
      nright = len;
      for (let i = 0; i < n; i++) {
        if (i + 1 > nsh && nright !== n) {
          nleft++;
          nright++;
        }
        est(i);
      }
    } else {
      for (let i = 0; i < n; i += newnj) {
        if (i + 1 < nsh) {
          nleft = 1;
          nright = len;
        } else if (i >= n - nsh) {
          nleft = n - len + 1;
          nright = n;
        } else {
          nleft = i + 1 - nsh + 1;
          nright = len + i + 1 - nsh;
        }
        est(i);
      }
    }
  }
  if (newnj !== 1) {
    for (let i = 0; i < n - newnj; i += newnj) {
      const delta = (ys[off + i + newnj] - ys[off + i]) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys[off + j] = ys[off + i] + delta * (j - i);
    }
    const k = Math.trunc((n - 1) / newnj) * newnj;
    if (k !== n - 1) {
      const v = stlest(y, n, len, ideg, n, nleft, nright, res);
      ys[off + n - 1] = v === null ? y[n - 1] : v;
      const delta = (ys[off + n - 1] - ys[off + k]) / (n - 1 - k);
      for (let j = k + 1; j < n - 1; j++) ys[off + j] = ys[off + k] + delta * (j - k);
    }
  }
}

function stlma(x: Float64Array, n: number, len: number, ave: Float64Array) {
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  ave[0] = v / len;
  const newn = n - len + 1;
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v += x[k] - x[m];
    ave[j] = v / len;
  }
}

export interface StlResult {
  seasonal: Float64Array;
  trend: Float64Array;
}

/** stl(x, s.window) with R's defaults for every other argument (robust = FALSE). */
export function stl(y: Float64Array, period: number, sWindow: number): StlResult {
  const n = y.length;
  const nextodd = (v: number) => {
    let r = Math.round(v);
    if (r % 2 === 0) r++;
    return r;
  };
  const tWindow = nextodd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)));
  const lWindow = nextodd(period);
  const sJump = Math.ceil(sWindow / 10);
  const tJump = Math.ceil(tWindow / 10);
  const lJump = Math.ceil(lWindow / 10);
  const odd3 = (v: number) => {
    let r = Math.max(3, v);
    if (r % 2 === 0) r++;
    return r;
  };
  const ns = odd3(sWindow);
  const nt = odd3(tWindow);
  const nl = odd3(lWindow);
  const np = Math.max(2, period);
  const isdeg = 0;
  const itdeg = 1;
  const ildeg = 1;
  const n2p = n + 2 * np;
  const work1 = new Float64Array(n2p);
  const work2 = new Float64Array(n2p);
  const work3 = new Float64Array(n2p);
  const work4 = new Float64Array(n2p);
  const work5 = new Float64Array(n2p);
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  const cyc = new Float64Array(n2p);
  const cycW = new Float64Array(n2p);
  const cycRes = new Float64Array(n2p);
  for (let iter = 0; iter < 2; iter++) {
    for (let i = 0; i < n; i++) work1[i] = y[i] - trend[i];
    // stlss: smooth each cycle-subseries, extended one period at each end, into work2
    for (let j = 0; j < np; j++) {
      const k = Math.trunc((n - (j + 1)) / np) + 1;
      for (let i = 0; i < k; i++) cyc[i] = work1[i * np + j];
      stless(cyc, k, ns, isdeg, sJump, cycW, 1, cycRes);
      const nright = Math.min(ns, k);
      const v0 = stlest(cyc, k, ns, isdeg, 0, 1, nright, cycRes);
      cycW[0] = v0 === null ? cycW[1] : v0;
      const nleft = Math.max(1, k - ns + 1);
      const v1 = stlest(cyc, k, ns, isdeg, k + 1, nleft, k, cycRes);
      cycW[k + 1] = v1 === null ? cycW[k] : v1;
      for (let mm = 0; mm < k + 2; mm++) work2[mm * np + j] = cycW[mm];
    }
    // stlfts: low-pass filter of the seasonal (moving averages np, np, 3) into work3
    stlma(work2, n2p, np, work3);
    stlma(work3, n2p - np + 1, np, work1);
    stlma(work1, n2p - 2 * np + 2, 3, work3);
    stless(work3, n, nl, ildeg, lJump, work1, 0, work5);
    for (let i = 0; i < n; i++) season[i] = work2[np + i] - work1[i];
    for (let i = 0; i < n; i++) work1[i] = y[i] - season[i];
    stless(work1, n, nt, itdeg, tJump, trend, 0, work3);
  }
  void work4;
  return { seasonal: season, trend };
}
