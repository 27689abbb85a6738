/**
 * Feature families of the global models' columns, read from the names ml/features/spec.ts gives them
 * (featureNames): the grouping that grouped importance sums over.
 */
export const FEATURE_FAMILIES = [
  "horizon",
  "lags",
  "seasonal lags",
  "rolling stats",
  "seasonality",
  "calendar",
  "past covariates",
  "future covariates",
  "scale",
  "other",
] as const;

export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

const RULES: [RegExp, FeatureFamily][] = [
  [/^h$/, "horizon"],
  [/^lag_\d+$/, "lags"],
  [/^slag\d+_c\d+$/, "seasonal lags"],
  [/^roll\d+_(mean|std|min|max)$/, "rolling stats"],
  [/^fourier\d+_(sin|cos)\d+$/, "seasonality"],
  [/^(hour|dow|month)$/, "calendar"],
  [/^past_/, "past covariates"],
  [/^future_/, "future covariates"],
  [/^(log_diff_over_scale|log_scale|rel_scale)$/, "scale"],
];

/** The family of a column name as ml/features/spec.ts writes it; "other" for a name the spec does not make. */
export function featureFamily(name: string): FeatureFamily {
  for (const [re, family] of RULES) if (re.test(name)) return family;
  return "other";
}
