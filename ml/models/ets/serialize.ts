/**
 * Plain-JSON form of a fitted ETS model (parameters + final state) for storing as a state artifact;
 * the in-sample filter arrays are left out. fromJSON validates by hand (ml/ stays zod-free) and
 * names the offending field.
 */
import { InvalidInputError } from "../../errors";
import type { EtsFit } from "./ets-fit";
import { methodName } from "./fit";

export interface EtsFitJson {
  kind: "ets";
  version: 1;
  components: { error: "A" | "M"; trend: "N" | "A" | "M"; season: "N" | "A" | "M"; damped: boolean };
  m: number;
  par: { alpha: number; beta: number | null; gamma: number | null; phi: number | null };
  initState: number[];
  lastState: number[];
  loglik: number | null;
  aic: number | null;
  aicc: number | null;
  bic: number | null;
  sigma2: number | null;
  nobs: number;
  source: EtsFit["source"];
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function toJSON(fit: EtsFit): EtsFitJson {
  return {
    kind: "ets",
    version: 1,
    components: { ...fit.components },
    m: fit.m,
    par: { ...fit.par },
    initState: [...fit.initState],
    lastState: [...fit.lastState],
    loglik: num(fit.loglik),
    aic: num(fit.aic),
    aicc: num(fit.aicc),
    bic: num(fit.bic),
    sigma2: num(fit.sigma2),
    nobs: fit.nobs,
    source: fit.source,
  };
}

function fail(field: string, what: string): never {
  throw new InvalidInputError(`ets model JSON: ${field} ${what}`, { field });
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export function fromJSON(json: unknown): EtsFit {
  if (typeof json !== "object" || json === null) fail("(root)", "must be an object");
  const j = json as Record<string, unknown>;
  if (j.kind !== "ets") fail("kind", 'must be "ets"');
  if (j.version !== 1) fail("version", "must be 1");
  const c = j.components as Record<string, unknown> | undefined;
  if (!c || typeof c !== "object") fail("components", "must be an object");
  if (c.error !== "A" && c.error !== "M") fail("components.error", 'must be "A" or "M"');
  if (c.trend !== "N" && c.trend !== "A" && c.trend !== "M") fail("components.trend", 'must be "N", "A" or "M"');
  if (c.season !== "N" && c.season !== "A" && c.season !== "M") fail("components.season", 'must be "N", "A" or "M"');
  if (typeof c.damped !== "boolean") fail("components.damped", "must be a boolean");
  if (c.damped && c.trend === "N") fail("components.damped", "needs a trend");
  if (!Number.isInteger(j.m) || (j.m as number) < 1) fail("m", "must be a positive integer");
  const m = j.m as number;
  const p = j.par as Record<string, unknown> | undefined;
  if (!p || typeof p !== "object") fail("par", "must be an object");
  if (!isNum(p.alpha)) fail("par.alpha", "must be a finite number");
  const need = (name: "beta" | "gamma" | "phi", present: boolean) => {
    if (present && !isNum(p[name])) fail(`par.${name}`, "must be a finite number for this model");
    if (!present && p[name] !== null) fail(`par.${name}`, "must be null for this model");
  };
  need("beta", c.trend !== "N");
  need("gamma", c.season !== "N");
  need("phi", c.damped);
  const stateLen = 1 + (c.trend !== "N" ? 1 : 0) + (c.season !== "N" ? m : 0);
  for (const key of ["initState", "lastState"] as const) {
    const s = j[key];
    if (!Array.isArray(s) || s.length !== stateLen || !s.every(isNum)) fail(key, `must be ${stateLen} finite numbers`);
  }
  const optNum = (key: string): number => {
    const v = j[key];
    if (v === null || v === undefined) return NaN;
    if (!isNum(v)) fail(key, "must be a number or null");
    return v;
  };
  if (!Number.isInteger(j.nobs) || (j.nobs as number) < 0) fail("nobs", "must be a non-negative integer");
  const source = j.source;
  if (source !== "ets" && source !== "holt-winters" && source !== "constant") fail("source", 'must be "ets", "holt-winters" or "constant"');
  const components = { error: c.error, trend: c.trend, season: c.season, damped: c.damped } as EtsFit["components"];
  return {
    method: methodName(components),
    components,
    m,
    par: { alpha: p.alpha as number, beta: (p.beta as number | null) ?? null, gamma: (p.gamma as number | null) ?? null, phi: (p.phi as number | null) ?? null },
    initState: [...(j.initState as number[])],
    lastState: [...(j.lastState as number[])],
    loglik: optNum("loglik"),
    aic: optNum("aic"),
    aicc: optNum("aicc"),
    bic: optNum("bic"),
    sigma2: optNum("sigma2"),
    nobs: j.nobs as number,
    source,
  };
}
