/** Minimal Prometheus text-format (exposition format 0.0.4) registry: counters, gauges, histograms with labels. */

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",");
}

function fmt(name: string, key: string, value: number): string {
  return `${name}${key ? `{${key}}` : ""} ${Number.isFinite(value) ? value : value > 0 ? "+Inf" : "-Inf"}`;
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  abstract render(): string[];
}

export class Counter extends Metric {
  private readonly values = new Map<string, number>();
  inc(labels: Labels = {}, by = 1): void {
    const k = labelKey(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values].map(([k, v]) => fmt(this.name, k, v))];
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, number>();
  set(labels: Labels, value: number): void {
    this.values.set(labelKey(labels), value);
  }
  remove(labels: Labels): void {
    this.values.delete(labelKey(labels));
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, ...[...this.values].map(([k, v]) => fmt(this.name, k, v))];
  }
}

export class Histogram extends Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    readonly buckets: number[],
  ) {
    super(name, help);
  }
  observe(value: number, labels: Labels = {}): void {
    const k = labelKey(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? `${k},` : "";
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`));
      out.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
      out.push(fmt(`${this.name}_sum`, k, s.sum));
      out.push(fmt(`${this.name}_count`, k, s.count));
    }
    return out;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(m: M): M {
    this.metrics.push(m);
    return m;
  }
  render(): string {
    return this.metrics.map((m) => m.render().join("\n")).join("\n") + "\n";
  }
}

export function sidecarMetrics() {
  const registry = new Registry();
  return {
    registry,
    requests: registry.register(new Counter("sidecar_requests_total", "HTTP requests by route and status code.")),
    latency: registry.register(
      new Histogram("sidecar_request_duration_seconds", "HTTP request latency by route.", [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      ]),
    ),
    requestRows: registry.register(new Histogram("sidecar_request_rows", "Rows per inference request.", [1, 8, 48, 128, 512, 2048, 8192])),
    batchRows: registry.register(
      new Histogram("sidecar_batch_rows", "Rows per onnxruntime run (after micro-batching).", [1, 8, 48, 128, 512, 1024, 2048, 4096, 8192]),
    ),
    batchRequests: registry.register(
      new Histogram("sidecar_batch_requests", "Requests merged into one onnxruntime run.", [1, 2, 4, 8, 16, 32, 64, 128]),
    ),
    runDuration: registry.register(
      new Histogram("sidecar_run_duration_seconds", "onnxruntime session.run time per batch.", [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      ]),
    ),
    modelsLoaded: registry.register(new Gauge("sidecar_models_loaded", "Models currently loaded (sessions open).")),
    modelInfo: registry.register(new Gauge("sidecar_model_loaded", "1 per loaded model, labelled with its id, artifact and provider.")),
    modelLoads: registry.register(new Counter("sidecar_model_loads_total", "Model loads by outcome.")),
    modelEvictions: registry.register(new Counter("sidecar_model_evictions_total", "Models unloaded by the LRU or DELETE.")),
    workerRestarts: registry.register(new Counter("sidecar_worker_restarts_total", "Inference worker threads that died and were replaced.")),
    provider: registry.register(
      new Gauge("sidecar_execution_provider", "1 for the onnxruntime execution provider sessions were created with."),
    ),
  };
}

export type SidecarMetrics = ReturnType<typeof sidecarMetrics>;
