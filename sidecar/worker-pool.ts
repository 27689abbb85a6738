/**
 * The sidecar's inference worker threads (sidecar/inference-worker.ts). Every loaded model has a session in every
 * worker; each run goes to the worker with the fewest runs in flight. A worker that dies fails its in-flight runs
 * (the app's client then falls back in-process) and is replaced, with every loaded model loaded into it again.
 */
import { Worker } from "node:worker_threads";
import { reviveWorkerError } from "@/ml/threads/worker-errors";
import type { StoredManifest } from "@/server/serving/artifacts/manifest";
import type { VerifiedArtifact } from "@/server/serving/artifacts/verify-artifact";
import { InferenceInputError } from "@/server/serving/inference/errors";
import type { ExecutionProviderName } from "@/server/serving/inference/execution-providers";
import type { FeatureMatrix } from "@/server/serving/inference/feature-rows";
import { assertFitsSignature, type ModelOutput, type RunnableModel } from "@/server/serving/inference/loaded-model";
import { silentLogger, type Logger } from "@/server/serving/inference/logger";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker-protocol";

const BOOT = new URL("../ml/threads/tsx-worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./inference-worker.ts", import.meta.url).href;

type Ok = Extract<WorkerReply, { ok: true }>;

interface Slot {
  worker: Worker;
  inFlight: number;
  pending: Map<number, { resolve: (r: Ok) => void; reject: (err: Error) => void }>;
}

/** The error classes an inference worker's code throws on purpose (anything else revives as Error). */
const WORKER_ERRORS = { InferenceInputError };

/** Transfer a typed array's buffer only when the array owns all of it (a view into a larger buffer is copied). */
function transferable(a: Float32Array | Float64Array): ArrayBuffer[] {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? [a.buffer as ArrayBuffer] : [];
}

export class InferenceWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly artifacts = new Map<string, VerifiedArtifact>();
  private seq = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly init: WorkerInit,
    private readonly log: Logger = silentLogger,
    /** Called when a worker that died has been replaced. */
    private readonly onRestart: () => void = () => undefined,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`worker pool size must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  /** The worker threads now serving (diagnostics and tests). */
  get threads(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  private spawn(index: number): Slot {
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, init: this.init }, name: `inference-${index}` });
    const slot: Slot = { worker, inFlight: 0, pending: new Map() };
    worker.on("message", (reply: WorkerReply) => {
      const p = slot.pending.get(reply.seq);
      if (!p) return;
      slot.pending.delete(reply.seq);
      if (reply.ok) p.resolve(reply);
      else p.reject(reviveWorkerError(reply.error, WORKER_ERRORS));
    });
    worker.on("error", (err) => this.log.error("inference worker failed", { worker: index, error: err.message }));
    worker.on("exit", (code) => {
      const lost = new Error(`inference worker ${index} exited with code ${code}`);
      for (const p of slot.pending.values()) p.reject(lost);
      slot.pending.clear();
      if (this.closed) return;
      this.log.warn("inference worker exited; starting a new one", { worker: index, code, models: this.artifacts.size });
      const fresh = this.spawn(index);
      // Posted before any run can reach the new worker, which makes each run wait for its model's load.
      for (const [id, a] of this.artifacts) {
        this.call(fresh, this.loadRequest(id, a)).catch((err: unknown) =>
          this.log.error("reloading a model into a new inference worker failed", { worker: index, id, error: (err as Error).message }),
        );
      }
      this.slots[index] = fresh;
      this.onRestart();
    });
    return slot;
  }

  private call(slot: Slot, req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<Ok> {
    // A message to a terminated worker is dropped without an error: answer for it here instead of never.
    if (this.closed) return Promise.reject(new Error("inference worker pool is closed"));
    return new Promise<Ok>((resolve, reject) => {
      slot.pending.set(req.seq, { resolve, reject });
      slot.worker.postMessage(req, transfer);
    });
  }

  private loadRequest(id: string, a: VerifiedArtifact): WorkerRequest {
    return { type: "load", seq: this.seq++, id, sha256: a.sha256, bytes: a.bytes, manifest: a.manifest };
  }

  /** Loads a model into every worker; resolves with a handle whose runs are spread over the workers. */
  async load(id: string, artifact: VerifiedArtifact): Promise<RunnableModel> {
    if (this.closed) throw new Error("inference worker pool is closed");
    this.artifacts.set(id, artifact);
    let replies: Ok[];
    try {
      replies = await Promise.all(this.slots.map((s) => this.call(s, this.loadRequest(id, artifact))));
    } catch (err) {
      this.unload(id);
      throw err;
    }
    return new PooledModel(this, id, artifact.manifest, replies[0].provider ?? "cpu");
  }

  /** Runs on the least busy worker. The matrix's buffer is handed to the worker when it owns all of it. */
  async run(id: string, m: FeatureMatrix, columns: string[]): Promise<ModelOutput> {
    let slot = this.slots[0];
    for (const s of this.slots) if (s.inFlight < slot.inFlight) slot = s;
    slot.inFlight++;
    try {
      const reply = await this.call(
        slot,
        { type: "run", seq: this.seq++, id, dtype: m.dtype, data: m.data, nRows: m.nRows, nFeatures: m.nFeatures },
        transferable(m.data),
      );
      return { columns, nRows: m.nRows, values: reply.values as Float64Array };
    } finally {
      slot.inFlight--;
    }
  }

  /** Releases a model's sessions in every worker (after their in-flight runs). */
  unload(id: string): void {
    this.artifacts.delete(id);
    for (const s of this.slots) {
      this.call(s, { type: "unload", seq: this.seq++, id }).catch((err: unknown) =>
        this.log.warn("unloading a model from an inference worker failed", { id, error: (err as Error).message }),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.artifacts.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

class PooledModel implements RunnableModel {
  private retired = false;

  constructor(
    private readonly pool: InferenceWorkerPool,
    readonly id: string,
    readonly manifest: StoredManifest,
    readonly provider: ExecutionProviderName,
  ) {}

  get sha256(): string {
    return this.manifest.sha256;
  }

  async run(m: FeatureMatrix): Promise<ModelOutput> {
    if (this.retired) throw new Error(`model ${this.id} was released`);
    assertFitsSignature(this.id, this.manifest, m);
    return this.pool.run(this.id, m, this.manifest.signature.output.columns);
  }

  retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.pool.unload(this.id);
  }
}
