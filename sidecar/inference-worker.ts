/**
 * An inference worker thread of the sidecar (started by sidecar/worker-pool.ts). onnxruntime-node runs
 * session.run synchronously on the calling thread, so sessions live here, not on the HTTP thread: the HTTP
 * thread keeps reading requests, answering /healthz and filling the next micro-batch while a batch runs.
 * Each worker holds its own session per loaded model (the same LoadedModel the app uses in-process).
 */
import { parentPort, workerData } from "node:worker_threads";
import { serializeWorkerError } from "@/ml/threads/worker-errors";
import { LoadedModel } from "@/server/serving/inference/loaded-model";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./worker-protocol";

const port = parentPort;
if (!port) throw new Error("sidecar/inference-worker.ts must run in a worker thread");
const init = (workerData as { init: WorkerInit }).init;

/** Loading or loaded sessions by model id; a run waits for its model's load, which was posted first. */
const models = new Map<string, Promise<LoadedModel>>();

async function handle(msg: WorkerRequest): Promise<WorkerReply> {
  switch (msg.type) {
    case "load": {
      const previous = models.get(msg.id);
      const loading = LoadedModel.create(msg.id, { sha256: msg.sha256, bytes: msg.bytes, manifest: msg.manifest }, init);
      models.set(msg.id, loading);
      if (previous) void previous.then((m) => m.retire(), () => undefined);
      try {
        const model = await loading;
        return { seq: msg.seq, ok: true, provider: model.provider };
      } catch (err) {
        if (models.get(msg.id) === loading) models.delete(msg.id);
        throw err;
      }
    }
    case "run": {
      const loading = models.get(msg.id);
      if (!loading) throw new Error(`model ${msg.id} is not loaded in this worker`);
      const model = await loading;
      const out = await model.run({ dtype: msg.dtype, data: msg.data, nRows: msg.nRows, nFeatures: msg.nFeatures });
      return { seq: msg.seq, ok: true, values: out.values };
    }
    case "unload": {
      const loading = models.get(msg.id);
      models.delete(msg.id);
      if (loading) (await loading).retire();
      return { seq: msg.seq, ok: true };
    }
  }
}

port.on("message", (msg: WorkerRequest) => {
  handle(msg).then(
    (reply) => {
      // The output buffer is this run's own: hand it over instead of copying it.
      const values = reply.ok ? reply.values : undefined;
      port.postMessage(reply, values && values.byteLength === values.buffer.byteLength ? [values.buffer as ArrayBuffer] : []);
    },
    (err: unknown) => port.postMessage({ seq: msg.seq, ok: false, error: serializeWorkerError(err) } satisfies WorkerReply),
  );
});
