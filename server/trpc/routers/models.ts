/** Model registry: models, versions and forecasts (viewer); promote, roll back and tag (analyst). */
import { getCache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import { realisedCoverage } from "@/server/forecasts/realised-coverage";
import { intervalAdaptationOf } from "@/server/forecasts/adapt-intervals";
import { NotFoundError } from "@/server/http/errors";
import { jobRuntime } from "@/server/jobs/dispatch";
import { getModelListing } from "@/server/registry/get-model-listing";
import {
  assetForecastInputSchema,
  assetForecastOutputSchema,
  championChangeSchema,
  getModelOutputSchema,
  getVersionOutputSchema,
  intervalAdaptationOutputSchema,
  listModelsInputSchema,
  listModelsOutputSchema,
  modelIdInputSchema,
  previousChampionSchema,
  setModelTagsInputSchema,
  setModelTagsOutputSchema,
  versionIdInputSchema,
  versionCoverageInputSchema,
  versionCoverageOutputSchema,
} from "@/server/registry/schemas";
import { findRollbackTarget, getVersion, listModels, listVersions, setModelTags } from "@/server/registry";
import { checkCompatibility } from "@/server/deployment/check-compatibility";
import { listDeploymentEvents } from "@/server/deployment/list-deployment-events";
import { compatibilityReportSchema, deploymentEventsOutputSchema } from "@/server/deployment/schemas";
import { promoteAndServe, rollbackAndServe } from "@/server/training/champion";
import { analystProcedure, router, viewerProcedure } from "../init";

async function servingDeps(db: Parameters<typeof promoteAndServe>[0]["db"]) {
  return { db, cache: await getCache(), dispatch: (await jobRuntime()).dispatch };
}

export const modelsRouter = router({
  list: viewerProcedure
    .input(listModelsInputSchema)
    .output(listModelsOutputSchema)
    .query(({ ctx, input }) => listModels(ctx.db, input)),

  get: viewerProcedure
    .input(modelIdInputSchema)
    .output(getModelOutputSchema)
    .query(async ({ ctx, input }) => {
      const [model, versions] = await Promise.all([getModelListing(ctx.db, input), listVersions(ctx.db, input)]);
      return { model, versions };
    }),

  version: viewerProcedure
    .input(versionIdInputSchema)
    .output(getVersionOutputSchema)
    .query(async ({ ctx, input }) => {
      const version = await getVersion(ctx.db, input);
      return { version, model: await getModelListing(ctx.db, { modelId: version.modelId }) };
    }),

  /** How often the version's served intervals held the actuals so far, next to each promised level. */
  coverage: viewerProcedure
    .input(versionCoverageInputSchema)
    .output(versionCoverageOutputSchema)
    .query(async ({ ctx, input }) =>
      (await realisedCoverage(ctx.db, input))
        .sort((a, b) => a.level - b.level)
        .map((c) => ({ level: c.level, points: c.points, inside: c.inside, ratio: Number.isFinite(c.ratio) ? c.ratio : null })),
    ),

  /** How far the version's served intervals have been widened or narrowed online by the actuals so far. */
  intervalAdaptation: viewerProcedure
    .input(versionCoverageInputSchema.pick({ versionId: true }))
    .output(intervalAdaptationOutputSchema)
    .query(({ ctx, input }) => intervalAdaptationOf(ctx.db, input)),

  promote: analystProcedure
    .input(versionIdInputSchema)
    .output(championChangeSchema)
    .mutation(async ({ ctx, input }) => {
      const v = await promoteAndServe(await servingDeps(ctx.db), { versionId: input.versionId, actor: { userId: ctx.user.id } });
      return { id: v.id, version: v.version, state: v.state, modelId: v.modelId };
    }),

  /** The version a rollback would restore, or null (no champion, or one promoted with no predecessor). */
  previousChampion: viewerProcedure
    .input(modelIdInputSchema)
    .output(previousChampionSchema)
    .query(async ({ ctx, input }) => (await findRollbackTarget(ctx.db, input))?.previous ?? null),

  rollback: analystProcedure
    .input(modelIdInputSchema)
    .output(championChangeSchema)
    .mutation(async ({ ctx, input }) => {
      const v = await rollbackAndServe(await servingDeps(ctx.db), { modelId: input.modelId, actor: { userId: ctx.user.id } });
      return { id: v.id, version: v.version, state: v.state, modelId: v.modelId };
    }),

  /** Whether the version could be promoted now (server/deployment/check-compatibility.ts), with every reason it could not. */
  compatibility: viewerProcedure
    .input(versionIdInputSchema)
    .output(compatibilityReportSchema)
    .query(({ ctx, input }) => checkCompatibility(ctx.db, input)),

  /** The version's deployment record: refused promotions, health checks, automatic rollbacks (why it was rolled back). */
  deploymentEvents: viewerProcedure
    .input(versionIdInputSchema)
    .output(deploymentEventsOutputSchema)
    .query(({ ctx, input }) => listDeploymentEvents(ctx.db, input)),

  /** Replaces a model's registry tags (editors: analyst and up). */
  setTags: analystProcedure
    .input(setModelTagsInputSchema)
    .output(setModelTagsOutputSchema)
    .mutation(({ ctx, input }) => setModelTags(ctx.db, { ...input, actor: { userId: ctx.user.id } })),

  /** Latest champion forecast of an asset's metric, or null when none is trained yet. */
  assetForecast: viewerProcedure
    .input(assetForecastInputSchema)
    .output(assetForecastOutputSchema)
    .query(async ({ ctx, input }) => {
      try {
        return await getAssetForecast({ db: ctx.db, cache: await getCache() }, input);
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    }),
});
