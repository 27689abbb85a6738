/**
 * One ONNX model in an onnxruntime-node session. Used by the in-process engine and by the sidecar alike, so
 * both run the exact same session code. A model evicted while runs are in flight is released after the last one.
 */
import * as ort from "onnxruntime-node";
import type { StoredManifest } from "@/server/serving/artifacts/manifest";
import type { VerifiedArtifact } from "@/server/serving/artifacts/verify-artifact";
import { candidateProviders, type ExecutionProviderName } from "./execution-providers";
import type { FeatureMatrix } from "./feature-rows";
import { InferenceInputError } from "./errors";
import { silentLogger, type Logger } from "./logger";

/** Model outputs as row-major float64 [nRows, columns.length]. */
export interface ModelOutput {
  columns: string[];
  nRows: number;
  values: Float64Array;
}

/** What serves a model's runs: a session on this thread (LoadedModel) or sessions on worker threads (sidecar). */
export interface RunnableModel {
  readonly id: string;
  readonly manifest: StoredManifest;
  readonly sha256: string;
  readonly provider: ExecutionProviderName;
  run(m: FeatureMatrix): Promise<ModelOutput>;
  /** Release the model's sessions once its in-flight runs end. */
  retire(): void;
}

/** Rows must have the model's dtype and feature count (toFeatureMatrix builds them so; this is the last guard). */
export function assertFitsSignature(id: string, manifest: StoredManifest, m: FeatureMatrix): void {
  const input = manifest.signature.input;
  if (m.nFeatures !== input.featureNames.length || m.dtype !== input.dtype) {
    throw new InferenceInputError(`rows are ${m.dtype} × ${m.nFeatures}, model ${id} expects ${input.dtype} × ${input.featureNames.length}`);
  }
}

export interface SessionOptions {
  executionProviders: ExecutionProviderName[];
  /** onnxruntime intra-op threads per session; 0 = onnxruntime's default (one per core). */
  intraOpThreads?: number;
  logger?: Logger;
}

export class LoadedModel implements RunnableModel {
  private inFlight = 0;
  private retired = false;
  private released = false;

  private constructor(
    readonly id: string,
    readonly manifest: StoredManifest,
    readonly provider: ExecutionProviderName,
    private readonly session: ort.InferenceSession,
  ) {}

  get sha256(): string {
    return this.manifest.sha256;
  }

  static async create(id: string, artifact: VerifiedArtifact, opts: SessionOptions): Promise<LoadedModel> {
    const log = opts.logger ?? silentLogger;
    // Providers whose libraries are absent are skipped silently here; the sidecar logs why once at start-up.
    const { providers } = candidateProviders(opts.executionProviders);
    let lastError: unknown;
    for (const provider of providers) {
      try {
        const session = await ort.InferenceSession.create(artifact.bytes, {
          executionProviders: [provider],
          graphOptimizationLevel: "all",
          ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
          // Row batches are small; the thread pool spinning between runs only steals the other requests' CPU.
          extra: { session: { intra_op: { allow_spinning: "0" } } },
        });
        return new LoadedModel(id, artifact.manifest, provider, session);
      } catch (err) {
        lastError = err;
        log.warn("execution provider failed, trying the next", { provider, error: (err as Error).message });
      }
    }
    throw lastError instanceof Error ? lastError : new Error("no execution provider could create a session");
  }

  async run(m: FeatureMatrix): Promise<ModelOutput> {
    const sig = this.manifest.signature;
    if (this.released) throw new Error(`model ${this.id} was released`);
    assertFitsSignature(this.id, this.manifest, m);
    this.inFlight++;
    try {
      const input = new ort.Tensor(m.dtype, m.data, [m.nRows, m.nFeatures]);
      const result = await this.session.run({ [sig.input.name]: input });
      const y = result[sig.output.name];
      const raw = y.data as Float32Array | Float64Array;
      return { columns: sig.output.columns, nRows: m.nRows, values: raw instanceof Float64Array ? raw : Float64Array.from(raw) };
    } finally {
      this.inFlight--;
      if (this.retired && this.inFlight === 0) void this.release();
    }
  }

  /** Release now if idle, else after the last in-flight run. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) void this.release();
  }

  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
