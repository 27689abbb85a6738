/**
 * The read boundary of a version's serving data: its feature spec and calibration, parsed with the JSON
 * columns' zod schemas (db/schema/json-columns.ts), so serving never trusts an unchecked JSON shape.
 */
import { calibrationSchema, featureSpecSchema, type StoredCalibration } from "@/db/schema";
import type { FeatureSpec } from "@/ml/features/spec";
import type { ModelVersion } from "./types";

export interface ServingData {
  featureSpec: FeatureSpec;
  calibration: StoredCalibration;
}

export function servingDataOf(version: Pick<ModelVersion, "featureSpec" | "calibration">): ServingData {
  return { featureSpec: featureSpecSchema.parse(version.featureSpec), calibration: calibrationSchema.parse(version.calibration) };
}
