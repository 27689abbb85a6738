/**
 * Runs models in the sidecar over HTTP. A model the sidecar has not loaded (404 model-not-loaded, e.g. after its
 * LRU evicted it or it restarted) is loaded by SHA-256 from the sidecar's artifact store and the call retried once.
 * Network errors, timeouts and 5xx become SidecarUnavailableError (the client's cue to fall back); 4xx become
 * InferenceInputError (bad rows) or SidecarRejectedError.
 */
import type { InferenceEngine } from "./engine";
import { InferenceInputError, SidecarRejectedError, SidecarUnavailableError } from "./errors";
import type { FeatureRows } from "./featureRows";
import type { ModelOutput } from "./loadedModel";
import { PROBLEM_TYPES, type InferResponse, type Problem } from "./sidecarProtocol";

export interface SidecarEngineOptions {
  /** Base URL, e.g. "http://127.0.0.1:8081". */
  url: string;
  /** Per-inference timeout; default 1000 ms. */
  timeoutMs?: number;
  /** Timeout for loading a model into the sidecar; default 10 000 ms. */
  loadTimeoutMs?: number;
}

function rowsToJson(rows: FeatureRows): string {
  if (Array.isArray(rows)) {
    // JSON.stringify writes NaN as null, which is the protocol's missing value.
    return `{"rows":${JSON.stringify(rows)}}`;
  }
  const flat = rows as { data: ArrayLike<number>; nRows: number };
  const F = flat.data.length / flat.nRows;
  if (!Number.isInteger(F)) throw new InferenceInputError(`flat data length ${flat.data.length} is not a multiple of nRows ${flat.nRows}`);
  const out: number[][] = [];
  for (let r = 0; r < flat.nRows; r++) out.push(Array.prototype.slice.call(flat.data, r * F, (r + 1) * F) as number[]);
  return `{"rows":${JSON.stringify(out)}}`;
}

export class SidecarEngine implements InferenceEngine {
  readonly kind = "sidecar" as const;
  private readonly base: string;
  constructor(private readonly opts: SidecarEngineOptions) {
    this.base = opts.url.replace(/\/+$/, "");
  }

  private async request(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
      throw new SidecarUnavailableError(
        timedOut ? `sidecar timed out after ${timeoutMs} ms on ${path}` : `sidecar unreachable on ${path}: ${e.message}`,
        err,
      );
    }
  }

  private async problem(res: Response): Promise<Problem> {
    try {
      return (await res.json()) as Problem;
    } catch {
      return { type: PROBLEM_TYPES.internal, title: res.statusText, status: res.status, detail: `HTTP ${res.status}` };
    }
  }

  /** Loads an artifact into the sidecar under its SHA-256 (idempotent). */
  async load(sha256: string): Promise<void> {
    const res = await this.request(
      "/v1/models",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: sha256, sha256 }) },
      this.opts.loadTimeoutMs ?? 10_000,
    );
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    const p = await this.problem(res);
    if (res.status >= 500) throw new SidecarUnavailableError(`sidecar failed to load ${sha256}: ${p.detail}`);
    throw new SidecarRejectedError(res.status, p.type, p.detail);
  }

  async infer(sha256: string, rows: FeatureRows): Promise<ModelOutput> {
    const body = rowsToJson(rows);
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(
        `/v1/models/${sha256}/infer`,
        { method: "POST", headers: { "content-type": "application/json" }, body },
        this.opts.timeoutMs ?? 1_000,
      );
      if (res.ok) {
        let parsed: InferResponse;
        try {
          parsed = (await res.json()) as InferResponse;
        } catch (err) {
          throw new SidecarUnavailableError(`sidecar sent an unreadable response: ${(err as Error).message}`, err);
        }
        const K = parsed.columns.length;
        const values = new Float64Array(parsed.outputs.length * K);
        parsed.outputs.forEach((row, r) => {
          for (let k = 0; k < K; k++) values[r * K + k] = row[k] ?? NaN;
        });
        return { columns: parsed.columns, nRows: parsed.outputs.length, values };
      }
      const p = await this.problem(res);
      if (res.status === 404 && p.type === PROBLEM_TYPES.modelNotLoaded && attempt === 0) {
        await this.load(sha256);
        continue;
      }
      if (res.status >= 500 || res.status === 429) throw new SidecarUnavailableError(`sidecar answered ${res.status}: ${p.detail}`);
      if (p.type === PROBLEM_TYPES.invalidRows) throw new InferenceInputError(p.detail);
      throw new SidecarRejectedError(res.status, p.type, p.detail);
    }
  }

  async close(): Promise<void> {}
}
