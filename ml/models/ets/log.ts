/**
 * A natural logarithm that rounds like the C library R uses (glibc's log is within 0.52 ulp, so it
 * returns the correctly rounded value nearly always). V8's Math.log (fdlibm) is off by one ulp on
 * about 1 argument in 200; in the ETS likelihood that ulp is enough to send Nelder–Mead down a
 * different path and, on flat likelihoods, to a different local optimum than R's. Computed in
 * double-double: x = 2^k · f with f in [√½, √2), log f = 2·atanh(s), s = (f − 1)/(f + 1), the
 * first two series terms in double-double and the rest (relative size ≤ s⁴/5 ≈ 2e-4) in double,
 * for a relative error near 1e-20 before the final rounding.
 */
const buf = new Float64Array(1);
const bits = new Uint32Array(buf.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
// Cody–Waite split of ln 2 (fdlibm's): k · LN2_HI is exact for |k| < 2^11
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SPLIT = 134217729; // 2^27 + 1
const SQRT2 = Math.SQRT2;

export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  buf[0] = x;
  const hi = bits[HI];
  k += (hi >>> 20) - 1023;
  bits[HI] = (hi & 0x000fffff) | 0x3ff00000;
  let f = buf[0];
  if (f > SQRT2) {
    f *= 0.5;
    k++;
  }
  // s = (f − 1) / (f + 1) in double-double; f − 1 is exact
  const num = f - 1;
  const dh = f + 1;
  const dl = f - (dh - 1);
  const sh = num / dh;
  // sh·dh exactly (Dekker) to get the remainder
  let c = SPLIT * sh;
  const sh1 = c - (c - sh);
  const sh2 = sh - sh1;
  c = SPLIT * dh;
  const dh1 = c - (c - dh);
  const dh2 = dh - dh1;
  const p = sh * dh;
  const pe = sh1 * dh1 - p + sh1 * dh2 + sh2 * dh1 + sh2 * dh2;
  const sl = (num - p - pe - sh * dl) / dh;
  // z = s², s³/3 in double-double (the low part from the leading product only)
  const zh = sh * sh;
  const ze = sh1 * sh1 - zh + 2 * sh1 * sh2 + sh2 * sh2;
  const zl = ze + 2 * sh * sl;
  // t = s·z / 3
  c = SPLIT * zh;
  const zh1 = c - (c - zh);
  const zh2 = zh - zh1;
  const th0 = sh * zh;
  const te = sh1 * zh1 - th0 + sh1 * zh2 + sh2 * zh1 + sh2 * zh2 + sh * zl + sl * zh;
  const th = th0 / 3;
  // 3·th exactly as th + 2·th (TwoSum), so th0 − 3·th carries no rounding
  const t2 = 2 * th;
  const t3 = t2 + th;
  const t3e = th - (t3 - t2);
  const tl = (th0 - t3 - t3e + te) / 3;
  // the rest: s⁵ (1/5 + z/7 + z²/9 + …)
  const z = zh;
  const r =
    th0 *
    z *
    (1 / 5 +
      z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z * (1 / 19 + z * (1 / 21 + z * (1 / 23 + z * (1 / 25 + z / 27)))))))))));
  // log f = 2 (s + t + r); log x = k ln2 + log f, summed as double-double
  const a = 2 * sh;
  const b = 2 * th;
  let sum = a + b;
  let err = b - (sum - a);
  err += 2 * (sl + tl + r);
  const kh = k * LN2_HI;
  const s2 = kh + sum;
  const bb = s2 - kh;
  err += kh - (s2 - bb) + (sum - bb) + k * LN2_LO;
  sum = s2;
  return sum + err;
}
