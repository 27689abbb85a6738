/**
 * The pre-promotion check: can this version serve this model? It refuses, with every reason, a version whose
 * artifact is missing or of a runtime/format this code does not load, whose feature signature does not match
 * its artifact's input, trained for another target or horizon, that drops an interval level the champion
 * serves (clients read those levels), or that reads a covariate the asset has no readings of.
 * Manual promotion (server/training/champion.ts) and automatic promotion (server/training/promotion.ts) both
 * run it; the registry's promoteVersion stays the bare transaction.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { featureSpecSchema, models, modelVersions, series } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { storedManifestSchema } from "@/server/serving/artifacts/manifest";
import { stateManifestSchema } from "@/server/serving/artifacts/state-artifact";
import { servesFromState } from "@/server/serving/predict-with-state";

export type CompatibilityCheckName = "artifact" | "feature-signature" | "target" | "horizon" | "levels" | "covariates";

export interface CompatibilityProblem {
  check: CompatibilityCheckName;
  message: string;
}

export interface CompatibilityReport {
  versionId: string;
  compatible: boolean;
  problems: CompatibilityProblem[];
  /** What was checked, so a passing report says what it vouches for. */
  checked: CompatibilityCheckName[];
}


const levelsOf = (calibration: unknown): number[] => {
  const widths = (calibration as { halfWidths?: Record<string, unknown> } | null)?.halfWidths;
  return widths ? Object.keys(widths).map(Number).filter(Number.isFinite).sort((a, b) => a - b) : [];
};

export async function checkCompatibility(db: DbOrTx, params: { versionId: string }): Promise<CompatibilityReport> {
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
  if (!version) throw new NotFoundError("model version", params.versionId);
  const [model] = await db.select().from(models).where(eq(models.id, version.modelId));
  const [champion] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, version.modelId), eq(modelVersions.state, "champion")));
  const problems: CompatibilityProblem[] = [];
  const checked: CompatibilityCheckName[] = ["artifact", "target", "horizon", "levels"];
  const fail = (check: CompatibilityCheckName, message: string) => problems.push({ check, message });

  // Artifact runtime and format version: a manifest this code loads.
  let covariates: string[] = [];
  if (!version.artifactSha256) fail("artifact", "the version has no artifact");
  if (!version.manifest) fail("artifact", "the version has no artifact manifest (registered without one), so its runtime and format version are unknown");
  else if (servesFromState(version)) {
    const m = stateManifestSchema.safeParse(version.manifest);
    if (!m.success) fail("artifact", `state manifest not loadable by this version of Almanac: ${m.error.issues.map((i) => `${i.path.join(".") || "manifest"}: ${i.message}`).join("; ")}`);
    else if (m.data.sha256 !== version.artifactSha256) fail("artifact", "the manifest's sha256 is not the version's artifact");
  } else {
    const m = storedManifestSchema.safeParse(version.manifest);
    if (!m.success) fail("artifact", `ONNX manifest not loadable by this version of Almanac (format almanac-onnx, manifest version 1): ${m.error.issues.map((i) => `${i.path.join(".") || "manifest"}: ${i.message}`).join("; ")}`);
    else {
      if (m.data.sha256 !== version.artifactSha256) fail("artifact", "the manifest's sha256 is not the version's artifact");
      checked.push("feature-signature");
      const spec = featureSpecSchema.safeParse(version.featureSpec);
      if (!spec.success) fail("feature-signature", "the version has no readable feature spec");
      else {
        const want = m.data.signature.input.featureNames;
        const have = spec.data.names;
        if (want.length !== have.length || want.some((n, i) => n !== have[i])) {
          const firstDiff = want.findIndex((n, i) => n !== have[i]);
          fail("feature-signature", `the feature spec builds ${have.length} features but the artifact's input expects ${want.length}${firstDiff >= 0 ? ` (first difference at column ${firstDiff}: "${have[firstDiff] ?? "—"}" vs "${want[firstDiff] ?? "—"}")` : ""}`);
        }
        if (spec.data.horizon < model.horizon) fail("horizon", `the feature spec forecasts ${spec.data.horizon} steps; the model serves ${model.horizon}`);
        covariates = [...new Set([...spec.data.pastCovariates, ...spec.data.futureCovariates])];
      }
    }
  }

  if (version.trainingSnapshot && version.trainingSnapshot.seriesId !== model.seriesId) fail("target", `trained on series ${version.trainingSnapshot.seriesId}, not the model's target ${model.seriesId}`);
  const trainedHorizon = version.parameters.horizon;
  if (typeof trainedHorizon === "number" && trainedHorizon !== model.horizon) fail("horizon", `trained for a ${trainedHorizon}-step horizon; the model serves ${model.horizon}`);

  // Levels: the candidate must serve every interval level the champion serves.
  if (champion && champion.id !== version.id) {
    const mine = new Set(levelsOf(version.calibration));
    const missing = levelsOf(champion.calibration).filter((l) => !mine.has(l));
    if (missing.length) fail("levels", `the champion serves ${missing.map((l) => `${l} %`).join(", ")} intervals, which this version does not`);
  }

  if (covariates.length) {
    checked.push("covariates");
    const present = new Set(
      (await db.select({ metric: series.metric }).from(series).where(and(eq(series.assetId, model.assetId), inArray(series.metric, covariates)))).map((s) => s.metric),
    );
    const absent = covariates.filter((c) => !present.has(c));
    if (absent.length) fail("covariates", `the asset has no ${absent.map((c) => `"${c}"`).join(", ")} series, which the version reads as covariate${absent.length > 1 ? "s" : ""}`);
  }
  return { versionId: version.id, compatible: problems.length === 0, problems, checked };
}

/** Thrown when a promotion is refused: a 422 naming every failed check. */
export class IncompatibleVersionError extends ValidationError {
  constructor(readonly report: CompatibilityReport) {
    super(
      `version cannot be promoted: ${report.problems.map((p) => `${p.check}: ${p.message}`).join("; ")}`,
      { field: "versionId" },
      report.problems.map((p) => ({ field: "versionId", message: `${p.check}: ${p.message}` })),
    );
    this.name = "IncompatibleVersionError";
  }
}

