"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { visibleCsv } from "./visible-csv";

/** Downloads the chosen range's observations (full resolution, up to 20,000) and the served forecast as CSV. */
export function ExportCsvButton({ assetId, slug, seriesId, metric, from, to }: { assetId: string; slug: string; seriesId: string; metric: string; from?: Date; to?: Date }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const [obs, forecast] = await Promise.all([
        queryClient.fetchQuery(trpc.assets.observations.queryOptions({ seriesId, from, to, maxPoints: 20_000 })),
        queryClient.fetchQuery(trpc.models.assetForecast.queryOptions({ assetId, metric })),
      ]);
      const csv = visibleCsv(obs.points, forecast && "points" in forecast ? forecast : null);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${slug}-${metric}${from ? `-${from.toISOString().slice(0, 10)}` : ""}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" onClick={download} disabled={busy} data-testid="export-csv">
        Export CSV
      </Button>
      {error && <span className="text-xs text-red-600">{error}</span>}
    </span>
  );
}
