/** Model registry: models, versions and forecasts (viewer); promote and roll back (analyst). */
import { z } from "zod";
import { getCache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import { NotFoundError } from "@/server/http/errors";
import { jobRuntime } from "@/server/jobs/dispatch";
import { findRollbackTarget, getModel, getVersion, listModels, listVersions } from "@/server/registry";
import { promoteAndServe, rollbackAndServe } from "@/server/training/champion";
import { analystProcedure, router, viewerProcedure } from "../init";

async function servingDeps(db: Parameters<typeof promoteAndServe>[0]["db"]) {
  return { db, cache: await getCache(), dispatch: (await jobRuntime()).dispatch };
}

export const modelsRouter = router({
  list: viewerProcedure.input(z.object({ assetId: z.uuid().optional() }).default({})).query(({ ctx, input }) => listModels(ctx.db, input)),

  get: viewerProcedure.input(z.object({ modelId: z.uuid() })).query(async ({ ctx, input }) => {
    const [model, versions] = await Promise.all([getModel(ctx.db, input), listVersions(ctx.db, input)]);
    const all = await listModels(ctx.db, { assetId: model.assetId });
    const withAsset = all.find((m) => m.id === model.id)!;
    return { model: withAsset, versions };
  }),

  version: viewerProcedure.input(z.object({ versionId: z.uuid() })).query(async ({ ctx, input }) => {
    const version = await getVersion(ctx.db, input);
    const model = (await listModels(ctx.db)).find((m) => m.id === version.modelId);
    if (!model) throw new NotFoundError("model", version.modelId);
    return { version, model };
  }),

  promote: analystProcedure.input(z.object({ versionId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const v = await promoteAndServe(await servingDeps(ctx.db), { versionId: input.versionId, actor: { userId: ctx.user.id } });
    return { id: v.id, version: v.version, state: v.state, modelId: v.modelId };
  }),

  /** The version a rollback would restore, or null (no champion, or one promoted with no predecessor). */
  previousChampion: viewerProcedure
    .input(z.object({ modelId: z.uuid() }))
    .output(z.object({ id: z.uuid(), version: z.number().int() }).nullable())
    .query(async ({ ctx, input }) => (await findRollbackTarget(ctx.db, input))?.previous ?? null),

  rollback: analystProcedure.input(z.object({ modelId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const v = await rollbackAndServe(await servingDeps(ctx.db), { modelId: input.modelId, actor: { userId: ctx.user.id } });
    return { id: v.id, version: v.version, state: v.state, modelId: v.modelId };
  }),

  /** Latest champion forecast of an asset's metric, or null when none is trained yet. */
  assetForecast: viewerProcedure.input(z.object({ assetId: z.uuid(), metric: z.string().max(64).optional() })).query(async ({ ctx, input }) => {
    try {
      return await getAssetForecast({ db: ctx.db, cache: await getCache() }, input);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }),
});
