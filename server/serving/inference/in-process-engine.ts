/** Runs models in this process: artifacts from the store, sessions kept in an LRU. */
import type { ArtifactStore } from "@/server/serving/artifacts/store";
import type { InferenceEngine } from "./engine";
import type { ExecutionProviderName } from "./execution-providers";
import { toFeatureMatrix, type FeatureRows } from "./feature-rows";
import { LoadedModel, type ModelOutput } from "./loaded-model";
import { LruCache } from "./lru-cache";
import { silentLogger, type Logger } from "./logger";

export interface InProcessEngineOptions {
  store: ArtifactStore;
  executionProviders?: ExecutionProviderName[];
  /** Sessions kept open (LRU); default 8. */
  maxModels?: number;
  intraOpThreads?: number;
  logger?: Logger;
}

export class InProcessEngine implements InferenceEngine {
  readonly kind = "in-process" as const;
  private readonly models: LruCache<LoadedModel>;
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private readonly logger: Logger;

  constructor(private readonly opts: InProcessEngineOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.models = new LruCache<LoadedModel>(opts.maxModels ?? 8, (_, m) => m.retire());
  }

  /** The session for an artifact, loading (once, even under concurrent calls) on a miss. */
  async model(sha256: string): Promise<LoadedModel> {
    const hit = this.models.get(sha256);
    if (hit) return hit;
    let pending = this.loading.get(sha256);
    if (!pending) {
      pending = (async () => {
        const artifact = await this.opts.store.get(sha256);
        const model = await LoadedModel.create(sha256, artifact, {
          executionProviders: this.opts.executionProviders ?? ["cpu"],
          intraOpThreads: this.opts.intraOpThreads,
          logger: this.logger,
        });
        this.logger.info("model loaded in-process", { sha256, provider: model.provider, kind: artifact.manifest.kind });
        this.models.set(sha256, model);
        return model;
      })().finally(() => this.loading.delete(sha256));
      this.loading.set(sha256, pending);
    }
    return pending;
  }

  async infer(sha256: string, rows: FeatureRows): Promise<ModelOutput> {
    const model = await this.model(sha256);
    return model.run(toFeatureMatrix(rows, model.manifest.signature.input));
  }

  async close(): Promise<void> {
    for (const key of this.models.keys()) this.models.delete(key);
  }
}
