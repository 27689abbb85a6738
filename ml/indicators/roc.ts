/** TTR `ROC(x, n = 1, type)`: rate of change, log ("continuous", TTR's default) or simple ("discrete"). */
import { InvalidInputError } from "../errors";
import type { IndicatorState, PriceInput, Series } from "./types";
import { Ring, checkWindow, nanArray, priceOf } from "./window";

export type RocType = "continuous" | "discrete";

export interface RocOptions {
  n?: number;
  type?: RocType;
}

function resolve(o: RocOptions): { n: number; type: RocType } {
  const n = o.n ?? 1;
  checkWindow(n);
  const type = o.type ?? "continuous";
  if (type !== "continuous" && type !== "discrete") {
    throw new InvalidInputError(`type must be "continuous" or "discrete", got ${String(type)}`, { field: "type" });
  }
  return { n, type };
}

function change(x: number, past: number, type: RocType): number {
  return type === "continuous" ? Math.log(x) - Math.log(past) : x / past - 1;
}

/** log(x[i]) − log(x[i−n]) or x[i]/x[i−n] − 1; NaN for the first n values (and wherever an input is NaN). */
export function roc(x: Series, options: RocOptions = {}): Float64Array {
  const { n, type } = resolve(options);
  const out = nanArray(x.length);
  for (let i = n; i < x.length; i++) out[i] = change(x[i], x[i - n], type);
  return out;
}

/** Incremental `roc`: keeps the last n values. */
export class RocState implements IndicatorState<PriceInput, number> {
  private readonly ring: Ring;
  private readonly type: RocType;
  length = 0;
  constructor(options: RocOptions = {}) {
    const { n, type } = resolve(options);
    this.ring = new Ring(n);
    this.type = type;
  }
  update(input: PriceInput): number {
    const x = priceOf(input);
    this.length++;
    const wasFull = this.ring.full;
    const past = this.ring.push(x);
    return wasFull ? change(x, past, this.type) : Number.NaN;
  }
}
