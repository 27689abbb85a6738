/**
 * The app's Prometheus metrics (prom-client), one registry per process, served at /api/metrics.
 * Counters and histograms are created once and survive Next's module reloads in development.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "almanac_process_" });
  return {
    registry,
    httpDuration: new Histogram({
      name: "almanac_http_request_duration_seconds",
      help: "HTTP request duration by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingestedPoints: new Counter({ name: "almanac_ingested_points_total", help: "Observations accepted by ingestion", labelNames: ["source"] as const, registers: [registry] }),
    anomalies: new Counter({ name: "almanac_anomalies_total", help: "Anomalies found, by kind and where they were found", labelNames: ["kind", "origin"] as const, registers: [registry] }),
    jobDuration: new Histogram({
      name: "almanac_job_duration_seconds",
      help: "Job run duration by job and outcome",
      labelNames: ["job", "outcome"] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    cacheRequests: new Counter({ name: "almanac_cache_requests_total", help: "Cache lookups by result (hit, miss)", labelNames: ["cache", "result"] as const, registers: [registry] }),
    inferenceDuration: new Histogram({
      name: "almanac_inference_duration_seconds",
      help: "Model inference duration by engine (in-process, sidecar)",
      labelNames: ["engine"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    coverage: new Gauge({
      name: "almanac_interval_coverage_ratio",
      help: "Realised coverage of a served version's prediction interval, by version and promised level",
      labelNames: ["version_id", "level"] as const,
      registers: [registry],
    }),
  };
}

export type AppMetrics = ReturnType<typeof createMetrics>;

const holder = globalThis as typeof globalThis & { almanacMetrics?: AppMetrics };

export function metrics(): AppMetrics {
  holder.almanacMetrics ??= createMetrics();
  return holder.almanacMetrics;
}

/** Sets the per-version coverage gauge from realised coverage rows (the gauge is replaced, not accumulated). */
export function setCoverage(rows: { versionId: string; level: number; ratio: number }[]): void {
  const g = metrics().coverage;
  g.reset();
  for (const r of rows) if (Number.isFinite(r.ratio)) g.set({ version_id: r.versionId, level: String(r.level) }, r.ratio);
}

/** The exposition text and its content type; `extra` (another component's exposition text) is appended. */
export async function renderMetrics(extra = ""): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  return { body: (await m.registry.metrics()) + extra, contentType: m.registry.contentType };
}
