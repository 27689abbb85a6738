"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { Spinner } from "@/components/ui/states";

/** Start a training job for one asset's metric; "quick" keeps the search short (a demo or a smoke test). */
export function StartTrainingForm({ defaultAsset }: { defaultAsset?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const assets = useQuery(trpc.assets.list.queryOptions());
  const [asset, setAsset] = useState(defaultAsset ?? "");
  const detail = useQuery({ ...trpc.assets.get.queryOptions({ idOrSlug: asset }), enabled: Boolean(asset) });
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
    start.mutate({
      asset,
      metric: String(f.get("metric") ?? "") || undefined,
      options: quick ? { maxTrials: 2, searchBudgetMs: 20_000, maxTrees: 40, earlyStoppingRounds: 10, backtestWindows: 2, maxRows: 10_000 } : undefined,
    });
  }

  return (
    <Card className="mb-6 p-5">
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-4 sm:items-end" data-testid="start-training-form">
        <Field label="Asset">
          <Select value={asset} onChange={(e) => setAsset(e.target.value)} data-testid="training-asset" required>
            <option value="">Choose…</option>
            {assets.data?.map((a) => (
              <option key={a.id} value={a.slug}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Metric">
          <Select name="metric" data-testid="training-metric" disabled={!detail.data}>
            {detail.data?.series.map((s) => (
              <option key={s.id} value={s.metric}>
                {s.metric}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Search">
          <Select name="mode" defaultValue="quick" data-testid="training-mode">
            <option value="quick">Quick (2 trials)</option>
            <option value="full">Full (time-boxed search)</option>
          </Select>
        </Field>
        <Button type="submit" disabled={!asset || start.isPending} data-testid="start-training">
          {start.isPending && <Spinner />} Start training
        </Button>
      </form>
      {start.error && <p className="mt-3 text-sm text-red-600" data-testid="start-training-error">{start.error.message}</p>}
    </Card>
  );
}
