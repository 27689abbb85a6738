/**
 * Sidecar configuration: a pure function of an environment object (main.ts passes process.env), validated with
 * zod so a bad value fails at start-up naming the variable.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { parseExecutionProviders, type ExecutionProviderName } from "@/server/serving/inference/execution-providers";
import type { ArtifactStoreOptions } from "@/server/serving/artifacts/create-artifact-store";

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"])
    .default(def ? "true" : "false")
    .transform((v) => ["1", "true", "on", "yes"].includes(v));

const envSchema = z.object({
  SIDECAR_HOST: z.string().min(1).default("127.0.0.1"),
  SIDECAR_PORT: int(8081).pipe(z.number().max(65535)),
  ORT_EXECUTION_PROVIDERS: z.string().default("cuda,cpu"),
  ORT_INTRA_OP_THREADS: int(0),
  SIDECAR_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  SIDECAR_MAX_MODELS: int(16, 1),
  SIDECAR_BATCHING: bool(true),
  SIDECAR_BATCH_MAX_ROWS: int(2048, 1),
  SIDECAR_BATCH_MAX_WAIT_US: int(0),
  SIDECAR_MAX_BODY_BYTES: int(16 * 1024 * 1024, 1024),
  ARTIFACT_DIR: z.string().min(1).default(".data/models"),
  S3_BUCKET: z.string().min(1).optional(),
  S3_PREFIX: z.string().default(""),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool(true),
  /** Shared bearer token; see requiresToken for when it may be absent. */
  SIDECAR_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  NODE_ENV: z.string().optional(),
});

/** 127.0.0.0/8, ::1 and "localhost": only processes on this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

export interface SidecarConfig {
  host: string;
  port: number;
  executionProviders: ExecutionProviderName[];
  /** onnxruntime intra-op threads per session (0 = onnxruntime's default: one per core). */
  intraOpThreads: number;
  /** Inference worker threads (0 = run sessions on the HTTP thread). */
  workers: number;
  maxModels: number;
  batching: { enabled: boolean; maxRows: number; maxWaitUs: number };
  maxBodyBytes: number;
  store: ArtifactStoreOptions;
  /**
   * Bearer token every route but /healthz requires (`Authorization: Bearer <token>`). null only on a loopback
   * host outside production (local development), where the sidecar is open and logs a warning at start.
   */
  token: string | null;
}

export class SidecarConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SidecarConfigError";
  }
}

export function parseSidecarConfig(env: Record<string, string | undefined>): SidecarConfig {
  // Empty strings count as unset (docker-compose writes FOO= for blank variables).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SidecarConfigError(`invalid sidecar configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  let executionProviders: ExecutionProviderName[];
  try {
    executionProviders = parseExecutionProviders(e.ORT_EXECUTION_PROVIDERS);
  } catch (err) {
    throw new SidecarConfigError(`invalid sidecar configuration: ORT_EXECUTION_PROVIDERS: ${(err as Error).message}`);
  }
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new SidecarConfigError("invalid sidecar configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together");
  }
  // Anything that can reach a non-loopback address could otherwise load or unload models; production always
  // needs the token, because a container's "loopback" rules depend on its network mode.
  if (e.SIDECAR_TOKEN === undefined && (!isLoopbackHost(e.SIDECAR_HOST) || e.NODE_ENV === "production")) {
    throw new SidecarConfigError(
      `invalid sidecar configuration: SIDECAR_TOKEN: required when SIDECAR_HOST is not a loopback address (${e.SIDECAR_HOST}) or NODE_ENV=production`,
    );
  }
  return {
    host: e.SIDECAR_HOST,
    port: e.SIDECAR_PORT,
    executionProviders,
    // One worker (the default) keeps onnxruntime's own thread pool, which splits each batch over all cores: a
    // batch finishes soonest that way. Several workers run batches side by side and share the cores.
    intraOpThreads: e.ORT_INTRA_OP_THREADS || (e.SIDECAR_WORKERS > 1 ? Math.max(1, Math.floor(availableParallelism() / e.SIDECAR_WORKERS)) : 0),
    workers: e.SIDECAR_WORKERS,
    maxModels: e.SIDECAR_MAX_MODELS,
    batching: { enabled: e.SIDECAR_BATCHING, maxRows: e.SIDECAR_BATCH_MAX_ROWS, maxWaitUs: e.SIDECAR_BATCH_MAX_WAIT_US },
    maxBodyBytes: e.SIDECAR_MAX_BODY_BYTES,
    store: e.S3_BUCKET
      ? {
          s3: {
            bucket: e.S3_BUCKET,
            prefix: e.S3_PREFIX,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          },
        }
      : { artifactDir: e.ARTIFACT_DIR },
    token: e.SIDECAR_TOKEN ?? null,
  };
}
