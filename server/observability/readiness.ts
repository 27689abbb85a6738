/** Readiness: each dependency probed with a deadline; the app is ready when every required probe passes. */

export interface Probe {
  name: string;
  /** Resolves with a short detail when healthy; throws (or rejects) when not. */
  check: () => Promise<string>;
  /** A probe for an optional dependency (the sidecar: the app answers in-process without it). */
  optional?: boolean;
}

export interface ProbeResult {
  ok: boolean;
  required: boolean;
  latencyMs: number;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ProbeResult>;
}

export async function checkReadiness(probes: Probe[], timeoutMs = 2_000): Promise<Readiness> {
  const results = await Promise.all(
    probes.map(async (p): Promise<[string, ProbeResult]> => {
      const t0 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const detail = await Promise.race([
          p.check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [p.name, { ok: true, required: !p.optional, latencyMs: Math.round(performance.now() - t0), detail }];
      } catch (e) {
        return [p.name, { ok: false, required: !p.optional, latencyMs: Math.round(performance.now() - t0), detail: (e as Error).message }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(results);
  return { ready: results.every(([, r]) => r.ok || !r.required), checks };
}
