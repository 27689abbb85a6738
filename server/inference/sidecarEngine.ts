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
import {
  PROBLEM_TYPES,
  TENSOR_COLUMNS_HEADER,
  TENSOR_CONTENT_TYPE,
  TENSOR_ROWS_HEADER,
  type Problem,
} from "./sidecarProtocol";

export interface SidecarEngineOptions {
  /** Base URL, e.g. "http://127.0.0.1:8081". */
  url: string;
  /** Per-inference timeout; default 1000 ms. */
  timeoutMs?: number;
  /** Timeout for loading a model into the sidecar; default 10 000 ms. */
  loadTimeoutMs?: number;
}

/** Rows → row-major float64 bytes (null → NaN). The sidecar checks widths and values against the model. */
function rowsToTensor(rows: FeatureRows): { body: Uint8Array<ArrayBuffer>; nRows: number } {
  let data: Float64Array;
  let nRows: number;
  if (Array.isArray(rows)) {
    const list = rows as readonly (readonly (number | null)[])[];
    nRows = list.length;
    const F = nRows > 0 ? list[0].length : 0;
    data = new Float64Array(nRows * F);
    for (let r = 0; r < nRows; r++) {
      const row = list[r];
      if (row.length !== F) throw new InferenceInputError(`row has ${row.length} features, row 0 has ${F}`, { row: r });
      for (let j = 0; j < F; j++) data[r * F + j] = row[j] ?? NaN;
    }
  } else {
    const flat = rows as { data: ArrayLike<number>; nRows: number };
    nRows = flat.nRows;
    data = flat.data instanceof Float64Array ? flat.data : Float64Array.from(flat.data);
  }
  if (nRows < 1) throw new InferenceInputError("at least one row is required");
  return { body: new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength), nRows };
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
    const { body, nRows } = rowsToTensor(rows);
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(
        `/v1/models/${sha256}/infer`,
        {
          method: "POST",
          headers: { "content-type": TENSOR_CONTENT_TYPE, accept: TENSOR_CONTENT_TYPE, [TENSOR_ROWS_HEADER]: String(nRows) },
          body,
        },
        this.opts.timeoutMs ?? 1_000,
      );
      if (res.ok) {
        let columns: string[];
        let values: Float64Array;
        try {
          columns = JSON.parse(res.headers.get(TENSOR_COLUMNS_HEADER) ?? "") as string[];
          const buf = await res.arrayBuffer();
          values = new Float64Array(buf);
        } catch (err) {
          throw new SidecarUnavailableError(`sidecar sent an unreadable response: ${(err as Error).message}`, err);
        }
        if (values.length !== nRows * columns.length) {
          throw new SidecarUnavailableError(`sidecar answered ${values.length} values for ${nRows} rows × ${columns.length} columns`);
        }
        return { columns, nRows, values };
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
