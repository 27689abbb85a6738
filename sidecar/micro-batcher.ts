/**
 * Micro-batching for one model: concurrent requests are concatenated into one onnxruntime run and the output
 * rows split back. A batch is flushed when it reaches `maxRows`, when `maxWaitUs` has passed since its first
 * request (0 = at the end of the current event-loop turn), or, while `maxInFlight` runs are in flight, as soon
 * as one of them ends — so under load batches grow by themselves and an idle model
 * adds no waiting (the adaptive batching of Clipper, Crankshaw et al., NSDI 2017, without the latency-SLO
 * controller).
 */
import type { FeatureMatrix } from "@/server/serving/inference/feature-rows";
import type { ModelOutput } from "@/server/serving/inference/loaded-model";

interface Pending {
  m: FeatureMatrix;
  resolve: (out: ModelOutput) => void;
  reject: (err: unknown) => void;
}

export interface MicroBatcherOptions {
  maxRows: number;
  maxWaitUs: number;
  /** Batches handed to the model at once (the sidecar: its worker threads plus one queued); default 1. */
  maxInFlight?: number;
  onBatch?: (rows: number, requests: number) => void;
}

export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

  constructor(
    private readonly run: (m: FeatureMatrix) => Promise<ModelOutput>,
    private readonly opts: MicroBatcherOptions,
  ) {}

  submit(m: FeatureMatrix): Promise<ModelOutput> {
    return new Promise<ModelOutput>((resolve, reject) => {
      this.queue.push({ m, resolve, reject });
      this.queuedRows += m.nRows;
      if (this.saturated) return; // flushed when an in-flight run ends
      if (this.queuedRows >= this.opts.maxRows) this.flush();
      else if (!this.timer) {
        this.timer =
          this.opts.maxWaitUs > 0
            ? setTimeout(() => this.flush(), this.opts.maxWaitUs / 1000)
            : setImmediate(() => this.flush());
      }
    });
  }

  private get saturated(): boolean {
    return this.inFlight >= (this.opts.maxInFlight ?? 1);
  }

  private clearTimer() {
    if (!this.timer) return;
    if (this.opts.maxWaitUs > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  /** Takes requests up to maxRows (at least one) off the queue. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (batch.length > 0 && rows + next.m.nRows > this.opts.maxRows) break;
      batch.push(this.queue.shift() as Pending);
      rows += next.m.nRows;
    }
    this.queuedRows -= rows;
    return batch;
  }

  private flush(): void {
    this.clearTimer();
    if (this.saturated || this.queue.length === 0) return;
    const batch = this.take();
    this.inFlight++;
    void this.execute(batch).finally(() => {
      this.inFlight--;
      if (this.queue.length > 0) this.flush();
    });
    // With more than one run allowed, what is still queued (over maxRows) goes to the next free worker now.
    if (this.queue.length > 0 && !this.saturated) this.flush();
  }

  private async execute(batch: Pending[]): Promise<void> {
    const first = batch[0].m;
    const nRows = batch.reduce((s, p) => s + p.m.nRows, 0);
    this.opts.onBatch?.(nRows, batch.length);
    let merged: FeatureMatrix = first;
    if (batch.length > 1) {
      const data = first.dtype === "float32" ? new Float32Array(nRows * first.nFeatures) : new Float64Array(nRows * first.nFeatures);
      let offset = 0;
      for (const p of batch) {
        data.set(p.m.data, offset);
        offset += p.m.data.length;
      }
      merged = { dtype: first.dtype, data, nRows, nFeatures: first.nFeatures };
    }
    let out: ModelOutput;
    try {
      out = await this.run(merged);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const K = out.columns.length;
    let row = 0;
    for (const p of batch) {
      p.resolve({ columns: out.columns, nRows: p.m.nRows, values: out.values.slice(row * K, (row + p.m.nRows) * K) });
      row += p.m.nRows;
    }
  }
}
