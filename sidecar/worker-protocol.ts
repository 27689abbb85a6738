/**
 * Messages between the sidecar's HTTP thread and its inference worker threads (sidecar/inference-worker.ts).
 * Every request carries a sequence number; the worker answers each exactly once with the same `seq`.
 */
import type { SerializedWorkerError } from "@/ml/threads/worker-errors";
import type { StoredManifest } from "@/server/serving/artifacts/manifest";
import type { ExecutionProviderName } from "@/server/serving/inference/execution-providers";
import type { TensorDtype } from "@/ml/onnx/signature";

export interface WorkerInit {
  executionProviders: ExecutionProviderName[];
  /** onnxruntime intra-op threads per session inside the worker. */
  intraOpThreads: number;
}

export type WorkerRequest =
  | { type: "load"; seq: number; id: string; sha256: string; bytes: Uint8Array; manifest: StoredManifest }
  | { type: "run"; seq: number; id: string; dtype: TensorDtype; data: Float32Array | Float64Array; nRows: number; nFeatures: number }
  | { type: "unload"; seq: number; id: string };

export type WorkerReply =
  | { seq: number; ok: true; provider?: ExecutionProviderName; values?: Float64Array }
  | { seq: number; ok: false; error: SerializedWorkerError };
