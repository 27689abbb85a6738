/**
 * Global explanations from per-row SHAP values (ml/explain/tree-shap.ts): mean |φ| per feature over the rows
 * (the "SHAP feature importance" of Lundberg et al. 2020, Nature MI), and the same summed by feature family.
 * A family's importance is mean_r |Σ_{i∈family} φ_ri|: SHAP values are additive, so the family's joint
 * contribution to a row is the sum of its members', and its magnitude is what the family moved that forecast.
 */
import { InvalidInputError } from "../errors";
import { featureFamily, type FeatureFamily } from "./feature-families";

export interface FeatureImportance {
  feature: string;
  meanAbsShap: number;
}

export interface FamilyImportance {
  family: FeatureFamily;
  features: string[];
  meanAbsShap: number;
}

function checkRows(contributions: Float64Array[], featureNames: string[]): void {
  if (contributions.length === 0) throw new InvalidInputError("no rows to average SHAP values over", { field: "contributions" });
  contributions.forEach((c, r) => {
    if (c.length !== featureNames.length) {
      throw new InvalidInputError(`row has ${c.length} contributions for ${featureNames.length} features`, { field: "contributions", row: r });
    }
  });
}

/** Mean |SHAP| per feature, largest first (ties keep column order). */
export function globalImportance(contributions: Float64Array[], featureNames: string[]): FeatureImportance[] {
  checkRows(contributions, featureNames);
  const sums = new Float64Array(featureNames.length);
  for (const c of contributions) for (let i = 0; i < c.length; i++) sums[i] += Math.abs(c[i]);
  return featureNames
    .map((feature, i) => ({ feature, meanAbsShap: sums[i] / contributions.length }))
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap);
}

/** Mean |Σ family SHAP| per feature family present in featureNames, largest first. */
export function groupedImportance(contributions: Float64Array[], featureNames: string[]): FamilyImportance[] {
  checkRows(contributions, featureNames);
  const members = new Map<FeatureFamily, number[]>();
  featureNames.forEach((name, i) => {
    const fam = featureFamily(name);
    const list = members.get(fam) ?? [];
    list.push(i);
    members.set(fam, list);
  });
  const out: FamilyImportance[] = [];
  for (const [family, idx] of members) {
    let s = 0;
    for (const c of contributions) {
      let rowSum = 0;
      for (const i of idx) rowSum += c[i];
      s += Math.abs(rowSum);
    }
    out.push({ family, features: idx.map((i) => featureNames[i]), meanAbsShap: s / contributions.length });
  }
  return out.sort((a, b) => b.meanAbsShap - a.meanAbsShap);
}

export interface Waterfall {
  expectedValue: number;
  prediction: number;
  /** The `top` features by |contribution|, largest first. */
  top: { feature: string; value: number; contribution: number }[];
  /** Σ of the other features' contributions, and how many they are. */
  rest: { contribution: number; count: number };
}

/** Waterfall of one row: expected value, the largest contributions, the rest summed (so the parts add up). */
export function waterfall(
  expectedValue: number,
  contributions: Float64Array,
  featureNames: string[],
  features: ArrayLike<number>,
  top: number,
): Waterfall {
  if (contributions.length !== featureNames.length) {
    throw new InvalidInputError(`${contributions.length} contributions for ${featureNames.length} features`, { field: "contributions" });
  }
  if (!Number.isInteger(top) || top < 0) throw new InvalidInputError(`top must be a non-negative integer, got ${top}`, { field: "top" });
  const order = Array.from(contributions.keys()).sort((a, b) => Math.abs(contributions[b]) - Math.abs(contributions[a]));
  const kept = order.slice(0, top);
  let total = 0;
  for (let i = 0; i < contributions.length; i++) total += contributions[i];
  let rest = 0;
  for (const i of order.slice(top)) rest += contributions[i];
  return {
    expectedValue,
    prediction: expectedValue + total,
    top: kept.map((i) => ({ feature: featureNames[i], value: features[i], contribution: contributions[i] })),
    rest: { contribution: rest, count: order.length - kept.length },
  };
}
