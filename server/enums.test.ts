/**
 * Every zod enum that mirrors a Postgres enum (a `pgEnum` in db/schema) or the api-key scope list, pinned to
 * the database's values, in order, so neither side can change alone. Schemas derived from the enum
 * (createSelectSchema / z.enum(x.enumValues)) are listed too: the test also pins that they stay derived.
 * db/ may not import server/ (layer rule db-below-server), so this lives here; the pgEnums themselves are
 * pinned to the committed migrations in db/schema/enums.test.ts.
 */
import { isPgEnum } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as db from "@/db/schema";
import { driftBandSchema, driftKindSchema, driftStatisticSchema } from "@/server/monitoring/schemas";
import { alertChannelSchema, alertDeliveryStatusSchema, alertMetricSchema, alertScopeSchema } from "@/server/alerts/schemas";
import { anomalyOut, anomalyRowSchema, ANOMALY_KINDS } from "@/server/anomalies/schemas";
import { apiKeyScopeSchema, apiKeySummarySchema, createApiKeyInputSchema, createApiKeySchema } from "@/server/api-keys/schemas";
import { assetDetailSchema, assetKindSchema, assetRowSchema, assetSummarySchema, createAssetSchema } from "@/server/assets/schemas";
import { assetItem, pageAssetsQuery } from "@/server/assets/page-assets";
import { userRoleSchema } from "@/server/auth/schemas";
import { jobRunStatusSchema, jobRunSummarySchema, jobStepViewSchema } from "@/server/jobs/schemas";
import { listModelsInputSchema, modelVersionSchema } from "@/server/registry/schemas";
import { versionItem } from "@/server/registry/rest-pages";
import { changeRoleInputSchema, createUserInputSchema, publicUserSchema } from "@/server/users/schemas";

/** The values of an enum schema, through optional / nullable / default / array wrappers. */
function enumValues(schema: z.ZodType): readonly string[] {
  let s = schema as unknown as { options?: readonly string[]; _zod: { def: { innerType?: z.ZodType; element?: z.ZodType; type: string } } };
  for (let i = 0; i < 10 && s._zod.def.type !== "enum"; i++) {
    const next = s._zod.def.innerType ?? s._zod.def.element;
    if (!next) break;
    s = next as unknown as typeof s;
  }
  if (s._zod.def.type !== "enum" || !s.options) throw new Error(`not an enum schema (${s._zod.def.type})`);
  return s.options;
}

const mirrors: Array<[name: string, schema: z.ZodType, values: readonly string[]]> = [
  ["alerts alertMetricSchema", alertMetricSchema, db.alertMetric.enumValues],
  ["alerts alertScopeSchema", alertScopeSchema, db.alertScope.enumValues],
  ["alerts alertChannelSchema", alertChannelSchema, db.alertChannel.enumValues],
  ["alerts alertDeliveryStatusSchema", alertDeliveryStatusSchema, db.alertDeliveryStatus.enumValues],
  ["assets assetKindSchema", assetKindSchema, db.assetKind.enumValues],
  ["assets assetRowSchema.kind", assetRowSchema.shape.kind, db.assetKind.enumValues],
  ["assets assetSummarySchema.kind", assetSummarySchema.shape.kind, db.assetKind.enumValues],
  ["assets assetDetailSchema.kind", assetDetailSchema.shape.kind, db.assetKind.enumValues],
  ["assets createAssetSchema.kind", createAssetSchema.shape.kind, db.assetKind.enumValues],
  ["assets pageAssetsQuery.kind", pageAssetsQuery.shape.kind, db.assetKind.enumValues],
  ["assets assetItem.kind", assetItem.shape.kind, db.assetKind.enumValues],
  ["auth userRoleSchema", userRoleSchema, db.userRole.enumValues],
  ["users publicUserSchema.role", publicUserSchema.shape.role, db.userRole.enumValues],
  ["users createUserInputSchema.role", createUserInputSchema.shape.role, db.userRole.enumValues],
  ["users changeRoleInputSchema.role", changeRoleInputSchema.shape.role, db.userRole.enumValues],
  ["jobs jobRunStatusSchema", jobRunStatusSchema, db.jobRunStatus.enumValues],
  ["jobs jobRunSummarySchema.status", jobRunSummarySchema.shape.status, db.jobRunStatus.enumValues],
  ["jobs jobStepViewSchema.status", jobStepViewSchema.shape.status, db.jobStepStatus.enumValues],
  ["anomalies ANOMALY_KINDS", anomalyOut.shape.kind, db.anomalyKind.enumValues],
  ["anomalies anomalyRowSchema.kind", anomalyRowSchema.shape.kind, db.anomalyKind.enumValues],
  ["registry modelVersionSchema.state", modelVersionSchema.shape.state, db.modelVersionState.enumValues],
  ["registry versionItem.state", versionItem.shape.state, db.modelVersionState.enumValues],
  ["registry listModelsInputSchema.kind", listModelsInputSchema.unwrap().shape.kind, db.assetKind.enumValues],
  ["registry listModelsInputSchema.status", listModelsInputSchema.unwrap().shape.status, db.modelVersionState.enumValues],
  ["monitoring driftKindSchema", driftKindSchema, db.driftKind.enumValues],
  ["monitoring driftStatisticSchema", driftStatisticSchema, db.driftStatistic.enumValues],
  ["monitoring driftBandSchema", driftBandSchema, db.driftBand.enumValues],
  // Scopes are a text[] column checked against API_KEY_SCOPES (no Postgres enum): pinned to that list.
  ["api-keys apiKeyScopeSchema", apiKeyScopeSchema, db.API_KEY_SCOPES],
  ["api-keys apiKeySummarySchema.scopes", apiKeySummarySchema.shape.scopes, db.API_KEY_SCOPES],
  ["api-keys createApiKeySchema.scopes", createApiKeySchema.shape.scopes, db.API_KEY_SCOPES],
  ["api-keys createApiKeyInputSchema.scopes", createApiKeyInputSchema.shape.scopes, db.API_KEY_SCOPES],
];

/** Postgres enums no zod schema mirrors (nothing parses them from outside). */
const UNMIRRORED = ["ingest_run_status"];

describe("zod enums mirror the database's enums", () => {
  it.each(mirrors)("%s has the enum's values, in order", (_name, schema, values) => {
    expect(enumValues(schema)).toEqual([...values]);
  });

  it("the hand-written lists match too", () => {
    expect([...ANOMALY_KINDS]).toEqual(db.anomalyKind.enumValues);
  });

  it("every pgEnum in db/schema has a mirror here, or is listed as having none", () => {
    const pgEnums = (Object.values(db) as unknown[]).filter(isPgEnum);
    const mirrored = new Set(mirrors.flatMap(([, , values]) => pgEnums.filter((e) => e.enumValues === values).map((e) => e.enumName)));
    expect(pgEnums.map((e) => e.enumName).sort()).toEqual([...mirrored, ...UNMIRRORED].sort());
  });

  it("an enum schema that drifts is caught", () => {
    expect(enumValues(jobRunStatusSchema.exclude(["cancelled"]))).not.toEqual(db.jobRunStatus.enumValues);
    expect(() => enumValues(jobRunSummarySchema.shape.id)).toThrow(/not an enum/);
  });
});
