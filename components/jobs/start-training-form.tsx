"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { Spinner } from "@/components/ui/states";
import { AUTO_CANDIDATES } from "@/server/training/schemas";

/** One line per model family, shown under the choice. */
const ALGORITHM_HINTS = {
  gbdt: "A gradient-boosted tree model on lags, calendar and covariates, tuned by a time-boxed search. Best on long series with strong patterns (meters, hourly data).",
  auto: "Backtests the classical models (seasonal naive, Theta, ETS, ARIMA, MSTL; Croston/TSB for intermittent data) and their combinations on rolling origins, and keeps the best. Best on short or noisy series (daily, weekly, monthly).",
} as const;

/** Start a training job for one asset's metric; "quick" keeps the search short (a demo or a smoke test). */
export function StartTrainingForm({ defaultAsset }: { defaultAsset?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const assets = useQuery(trpc.assets.list.queryOptions());
  const [asset, setAsset] = useState(defaultAsset ?? "");
  const [metric, setMetric] = useState("");
  /** Other metrics of the asset used as features: observed (past) or known in advance (future). */
  const [covariates, setCovariates] = useState<Record<string, "past" | "future">>({});
  const [algorithm, setAlgorithm] = useState<"gbdt" | "auto">("gbdt");
  /** auto's candidates the user unticked (none: auto's own plan for the series). */
  const [excluded, setExcluded] = useState<string[]>([]);
  const detail = useQuery({ ...trpc.assets.get.queryOptions({ idOrSlug: asset }), enabled: Boolean(asset) });
  const target = metric || detail.data?.series[0]?.metric || "";
  const others = (detail.data?.series ?? []).filter((s) => s.metric !== target);
  const trainability = useQuery({
    ...trpc.jobs.trainability.queryOptions({ asset, metric: target, options: { algorithm } }),
    enabled: Boolean(asset && target),
  });
  const untrainable = trainability.data && !trainability.data.trainable;
  const start = useMutation(
    trpc.jobs.startTraining.mutationOptions({
      onSuccess: async (data) => {
        await queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
        router.push(`/jobs/${data.runId}`);
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const quick = f.get("mode") === "quick";
    if (algorithm === "auto") {
      start.mutate({
        asset,
        metric: target || undefined,
        options: { algorithm: "auto", ...(excluded.length ? { candidates: AUTO_CANDIDATES.filter((c) => !excluded.includes(c)) } : {}) },
      });
      return;
    }
    const chosen = Object.entries(covariates).filter(([m]) => others.some((s) => s.metric === m));
    const cov = { past: chosen.filter(([, k]) => k === "past").map(([m]) => m), future: chosen.filter(([, k]) => k === "future").map(([m]) => m) };
    start.mutate({
      asset,
      metric: target || undefined,
      options: {
        ...(quick ? { maxTrials: 2, searchBudgetMs: 20_000, maxTrees: 40, earlyStoppingRounds: 10, backtestWindows: 2, maxRows: 10_000 } : {}),
        ...(chosen.length ? { covariates: cov } : {}),
      },
    });
  }

  return (
    <Card className="mb-6 p-5">
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-4 sm:items-end" data-testid="start-training-form">
        <Field label="Asset">
          <Select
            value={asset}
            onChange={(e) => {
              setAsset(e.target.value);
              setMetric("");
              setCovariates({});
            }}
            data-testid="training-asset"
            required
          >
            <option value="">Choose…</option>
            {assets.data?.map((a) => (
              <option key={a.id} value={a.slug}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Metric">
          <Select name="metric" value={target} onChange={(e) => setMetric(e.target.value)} data-testid="training-metric" disabled={!detail.data}>
            {detail.data?.series.map((s) => (
              <option key={s.id} value={s.metric}>
                {s.metric}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Model">
          <Select value={algorithm} onChange={(e) => setAlgorithm(e.target.value === "auto" ? "auto" : "gbdt")} data-testid="training-algorithm">
            <option value="gbdt">GBDT (gradient boosting)</option>
            <option value="auto">Auto (classical models)</option>
          </Select>
        </Field>
        {algorithm === "gbdt" && (
          <Field label="Search">
            <Select name="mode" defaultValue="quick" data-testid="training-mode">
              <option value="quick">Quick (2 trials)</option>
              <option value="full">Full (time-boxed search)</option>
            </Select>
          </Field>
        )}
        <Button type="submit" disabled={!asset || start.isPending || untrainable} data-testid="start-training">
          {start.isPending && <Spinner />} Start training
        </Button>
        {trainability.data?.message && (
          <p
            className={`text-sm sm:col-span-4 ${trainability.data.trainable ? "text-amber-700 dark:text-amber-300" : "text-red-600"}`}
            role={trainability.data.trainable ? undefined : "alert"}
            data-testid="training-trainability"
          >
            {trainability.data.message}
          </p>
        )}
        <p className="text-xs text-slate-500 sm:col-span-4" data-testid="training-algorithm-hint">
          {ALGORITHM_HINTS[algorithm]}
        </p>
        {algorithm === "auto" && (
          <fieldset className="sm:col-span-4" data-testid="training-candidates">
            <legend className="mb-2 text-sm font-medium">Candidates (auto uses those that suit the series: untick to leave one out)</legend>
            <div className="flex flex-wrap gap-3">
              {AUTO_CANDIDATES.map((c) => (
                <label key={c} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={!excluded.includes(c)}
                    onChange={(e) => setExcluded((x) => (e.target.checked ? x.filter((n) => n !== c) : [...x, c]))}
                    data-testid={`candidate-${c}`}
                  />
                  {c}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {algorithm === "gbdt" && others.length > 0 && (
          <fieldset className="sm:col-span-4" data-testid="training-covariates">
            <legend className="mb-2 text-sm font-medium">Covariates (other metrics of this asset as features)</legend>
            <div className="flex flex-wrap gap-3">
              {others.map((s) => (
                <label key={s.id} className="flex items-center gap-2 text-sm">
                  <span>{s.metric}</span>
                  <Select
                    value={covariates[s.metric] ?? ""}
                    onChange={(e) => {
                      const v = e.target.value;
                      setCovariates(({ [s.metric]: _old, ...rest }) => (v === "past" || v === "future" ? { ...rest, [s.metric]: v } : rest));
                    }}
                    data-testid={`covariate-${s.metric}`}
                  >
                    <option value="">not used</option>
                    <option value="past">observed (value at the forecast time)</option>
                    <option value="future">known in advance (forecasts need its future values)</option>
                  </Select>
                </label>
              ))}
            </div>
          </fieldset>
        )}
      </form>
      {start.error && <p className="mt-3 text-sm text-red-600" data-testid="start-training-error">{start.error.message}</p>}
    </Card>
  );
}
