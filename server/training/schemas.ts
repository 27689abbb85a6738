/** Request and payload shapes of the training domain (one home for its zod schemas). */
import { z } from "zod";
import { metricSchema } from "@/server/assets/schemas";
import { trainOptionsSchema } from "./options";

/** The train-model job's payload (also what tRPC and REST pass after resolving the asset). */
export const trainModelPayloadSchema = z.object({
  assetId: z.uuid(),
  metric: metricSchema,
  options: trainOptionsSchema.partial().optional(),
  actorUserId: z.uuid().nullish(),
  actorApiKeyId: z.uuid().nullish(),
});
export type TrainModelPayload = z.infer<typeof trainModelPayloadSchema>;

/** POST /api/v1/training-jobs body. */
export const startTrainingRequestSchema = z.object({
  asset_id: z.string().min(1).max(128),
  metric: metricSchema.optional(),
  data_url: z.string().max(2048).optional(),
  options: trainOptionsSchema.partial().optional(),
}).meta({ id: "StartTrainingRequest" });
export type StartTrainingRequest = z.infer<typeof startTrainingRequestSchema>;

/** The algorithms and auto's candidates, for the training form. */
export { AUTO_CANDIDATES, TRAINING_ALGORITHMS } from "./options";

/** jobs.trainability: can this metric be trained as asked (the form asks before the job starts). */
export const trainabilityInputSchema = z.object({
  asset: z.string().min(1).max(200),
  metric: metricSchema,
  options: trainOptionsSchema.partial().optional(),
});
export const trainabilityOutputSchema = z
  .object({
    trainable: z.boolean(),
    points: z.number().int(),
    need: z.number().int().nullable(),
    horizon: z.number().int().nullable(),
    seasonLengths: z.array(z.number().int()),
    message: z.string().nullable(),
  })
  .meta({ id: "Trainability" });
