/** The app's job dependencies, built once per process from the environment. */
import path from "node:path";
import { env } from "@/server/env";
import { getDb } from "@/server/db";
import { getCache } from "@/server/cache";
import { createArtifactStore, type ArtifactStore } from "@/server/serving/artifacts";
import { metrics } from "@/server/observability/metrics";
import { currentRequestId } from "@/server/observability/request-context";
import { createInferenceClient, parseExecutionProviders, type InferenceClient } from "@/server/serving/inference";

const g = globalThis as unknown as { almanacArtifacts?: ArtifactStore; almanacJobInference?: InferenceClient };

export function getArtifactStore(): ArtifactStore {
  g.almanacArtifacts ??= createArtifactStore(
    env.S3_BUCKET
      ? {
          s3: {
            bucket: env.S3_BUCKET,
            endpoint: env.S3_ENDPOINT,
            region: env.S3_REGION,
            accessKeyId: env.S3_ACCESS_KEY_ID,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY,
            forcePathStyle: Boolean(env.S3_ENDPOINT),
          },
        }
      : { artifactDir: env.ARTIFACT_DIR ?? path.join(env.DATA_DIR, "models") },
  );
  return g.almanacArtifacts;
}

export function getInferenceClient(): InferenceClient {
  g.almanacJobInference ??= createInferenceClient({
    store: getArtifactStore(),
    inferenceUrl: env.INFERENCE_URL,
    sidecarToken: env.SIDECAR_TOKEN,
    timeoutMs: env.INFERENCE_TIMEOUT_MS,
    breakerFailureThreshold: env.INFERENCE_BREAKER_FAILURES,
    breakerCooldownMs: env.INFERENCE_BREAKER_COOLDOWN_MS,
    executionProviders: parseExecutionProviders(env.ORT_EXECUTION_PROVIDERS),
    requestId: currentRequestId,
    onInfer: (engine, seconds) => metrics().inferenceDuration.observe({ engine }, seconds),
  });
  return g.almanacJobInference;
}

export async function baseJobDeps() {
  return { db: await getDb(), cache: await getCache(), artifacts: getArtifactStore(), inference: getInferenceClient() };
}
