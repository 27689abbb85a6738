/**
 * The one inference client the app uses. With an inference URL it asks the sidecar; without one, or while the
 * sidecar is down or slow, it runs the model in-process. Both engines implement InferenceEngine and share
 * LoadedModel/toFeatureMatrix, so the only branch here is which engine a request goes to.
 *
 * Fallback: a sidecar call that fails (unreachable, timeout, 5xx, 429) or a refusal of its artifact store is
 * answered in-process, counted in `stats().fallbacks` and logged; the circuit breaker stops trying the
 * sidecar after repeated failures and probes it again after a cool-down.
 */
import type { ArtifactStore } from "@/server/serving/artifacts/store";
import { CircuitBreaker, type BreakerState } from "./circuit-breaker";
import type { InferenceEngine } from "./engine";
import { InferenceInputError, SidecarRejectedError, SidecarUnavailableError } from "./errors";
import type { ExecutionProviderName } from "./execution-providers";
import type { FeatureRows } from "./feature-rows";
import { InProcessEngine } from "./in-process-engine";
import type { ModelOutput } from "./loaded-model";
import { silentLogger, type Logger } from "./logger";
import { SidecarEngine } from "./sidecar-engine";

export interface InferenceClientOptions {
  /** Artifact store the in-process engine loads from (the sidecar has its own, configured alike). */
  store: ArtifactStore;
  /** Sidecar base URL (INFERENCE_URL); absent → in-process only. */
  inferenceUrl?: string;
  /** Bearer token the sidecar requires (SIDECAR_TOKEN). */
  sidecarToken?: string;
  /** Sidecar inference timeout (INFERENCE_TIMEOUT_MS); default 1000. */
  timeoutMs?: number;
  /** Sidecar model-load timeout; default 10 000. */
  loadTimeoutMs?: number;
  /** Consecutive sidecar failures that open the circuit (INFERENCE_BREAKER_FAILURES); default 3. */
  breakerFailureThreshold?: number;
  /** How long the circuit stays open before a probe (INFERENCE_BREAKER_COOLDOWN_MS); default 5000. */
  breakerCooldownMs?: number;
  /** In-process execution providers (ORT_EXECUTION_PROVIDERS); default ["cpu"]. */
  executionProviders?: ExecutionProviderName[];
  /** In-process sessions kept (LRU); default 8. */
  maxModels?: number;
  intraOpThreads?: number;
  logger?: Logger;
  /** The current request's id, sent to the sidecar as `X-Request-Id` (serving knows no request context itself). */
  requestId?: () => string | undefined;
  /** Called after each answered inference with where it ran and how long it took (the app's latency histogram). */
  onInfer?: (engine: "sidecar" | "in-process", seconds: number) => void;
}

export type FallbackReason = "unavailable" | "timeout" | "circuit-open" | "rejected";

export interface InferenceResult extends ModelOutput {
  servedBy: InferenceEngine["kind"];
  /** Set when the sidecar was configured but this answer came from the in-process fallback. */
  fallbackReason?: FallbackReason;
}

export interface InferenceClientStats {
  requests: number;
  servedBySidecar: number;
  servedInProcess: number;
  fallbacks: Record<FallbackReason, number>;
  breakerState: BreakerState | "disabled";
  breakerOpenedTotal: number;
  errors: number;
}

export class InferenceClient {
  readonly inProcess: InProcessEngine;
  readonly sidecar?: SidecarEngine;
  private readonly breaker?: CircuitBreaker;
  private readonly logger: Logger;
  private readonly onInfer?: (engine: "sidecar" | "in-process", seconds: number) => void;
  private readonly counters: Omit<InferenceClientStats, "breakerState" | "breakerOpenedTotal"> = {
    requests: 0,
    servedBySidecar: 0,
    servedInProcess: 0,
    fallbacks: { unavailable: 0, timeout: 0, "circuit-open": 0, rejected: 0 },
    errors: 0,
  };

  constructor(opts: InferenceClientOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.onInfer = opts.onInfer;
    this.inProcess = new InProcessEngine({
      store: opts.store,
      executionProviders: opts.executionProviders,
      maxModels: opts.maxModels,
      intraOpThreads: opts.intraOpThreads,
      logger: this.logger,
    });
    if (opts.inferenceUrl) {
      this.sidecar = new SidecarEngine({
        url: opts.inferenceUrl,
        token: opts.sidecarToken,
        timeoutMs: opts.timeoutMs,
        loadTimeoutMs: opts.loadTimeoutMs,
        requestId: opts.requestId,
      });
      this.breaker = new CircuitBreaker({
        failureThreshold: opts.breakerFailureThreshold,
        cooldownMs: opts.breakerCooldownMs,
        onStateChange: (from, to) =>
          (to === "open" ? this.logger.warn : this.logger.info)("inference circuit breaker " + to, {
            from,
            to,
            url: opts.inferenceUrl,
            fallback: to === "closed" ? "off" : "in-process",
          }),
      });
    }
  }

  /** Runs the artifact `sha256` on `rows`; answers even when the sidecar is down (in-process fallback). */
  async infer(sha256: string, rows: FeatureRows): Promise<InferenceResult> {
    this.counters.requests++;
    const t0 = performance.now();
    let fallbackReason: FallbackReason | undefined;
    if (this.sidecar && this.breaker) {
      if (this.breaker.tryAcquire()) {
        try {
          const out = await this.sidecar.infer(sha256, rows);
          this.breaker.recordSuccess();
          this.counters.servedBySidecar++;
          this.onInfer?.("sidecar", (performance.now() - t0) / 1000);
          return { ...out, servedBy: "sidecar" };
        } catch (err) {
          if (err instanceof InferenceInputError) {
            // Bad rows fail the same way in-process; not the sidecar's fault.
            this.breaker.recordSuccess();
            this.counters.errors++;
            throw err;
          }
          if (err instanceof SidecarUnavailableError) {
            this.breaker.recordFailure();
            fallbackReason = /timed out/.test(err.message) ? "timeout" : "unavailable";
          } else if (err instanceof SidecarRejectedError) {
            // The sidecar is up but refused the artifact (e.g. its store lacks it): answer locally.
            this.breaker.recordSuccess();
            fallbackReason = "rejected";
          } else {
            this.breaker.recordFailure();
            fallbackReason = "unavailable";
          }
          this.logger.warn("sidecar inference failed, answering in-process", {
            sha256,
            reason: fallbackReason,
            error: (err as Error).message,
            breaker: this.breaker.state,
          });
        }
      } else {
        fallbackReason = "circuit-open";
      }
      this.counters.fallbacks[fallbackReason]++;
    }
    try {
      const out = await this.inProcess.infer(sha256, rows);
      this.counters.servedInProcess++;
      this.onInfer?.("in-process", (performance.now() - t0) / 1000);
      return { ...out, servedBy: "in-process", ...(fallbackReason ? { fallbackReason } : {}) };
    } catch (err) {
      this.counters.errors++;
      throw err;
    }
  }

  stats(): InferenceClientStats {
    return {
      ...this.counters,
      fallbacks: { ...this.counters.fallbacks },
      breakerState: this.breaker?.state ?? "disabled",
      breakerOpenedTotal: this.breaker?.opened ?? 0,
    };
  }

  /** Prometheus text for the app's /metrics. */
  metricsText(): string {
    const s = this.stats();
    const lines = [
      "# HELP almanac_inference_requests_total Inference requests by where they were answered.",
      "# TYPE almanac_inference_requests_total counter",
      `almanac_inference_requests_total{served_by="sidecar"} ${s.servedBySidecar}`,
      `almanac_inference_requests_total{served_by="in-process"} ${s.servedInProcess}`,
      "# HELP almanac_inference_fallbacks_total Requests answered in-process although a sidecar is configured.",
      "# TYPE almanac_inference_fallbacks_total counter",
      ...Object.entries(s.fallbacks).map(([r, n]) => `almanac_inference_fallbacks_total{reason="${r}"} ${n}`),
      "# HELP almanac_inference_errors_total Requests that failed on every path.",
      "# TYPE almanac_inference_errors_total counter",
      `almanac_inference_errors_total ${s.errors}`,
      "# HELP almanac_inference_breaker_open 1 while the sidecar circuit is open.",
      "# TYPE almanac_inference_breaker_open gauge",
      `almanac_inference_breaker_open ${s.breakerState === "open" ? 1 : 0}`,
      "# TYPE almanac_inference_breaker_opened_total counter",
      `almanac_inference_breaker_opened_total ${s.breakerOpenedTotal}`,
    ];
    return lines.join("\n") + "\n";
  }

  async close(): Promise<void> {
    await this.inProcess.close();
    await this.sidecar?.close();
  }
}

export function createInferenceClient(opts: InferenceClientOptions): InferenceClient {
  return new InferenceClient(opts);
}
