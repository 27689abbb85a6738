"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { SeriesChart } from "@/components/charts/series-chart";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { formatNumber, formatSeriesTime, isDateOnlyFrequency } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState, Spinner } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ExportCsvButton } from "./export-csv-button";
import { RangePicker } from "./range-picker";
import { customRange, presetRange, toDayInput, type RangePreset } from "./time-range";
import { ForecastPanel } from "@/components/forecast/forecast-panel";
import { FactorsPanel } from "@/components/markets/factors-panel";
import { IndicatorsPanel } from "@/components/markets/indicators-panel";
import { CandlestickChart } from "@/components/markets/candlestick-chart";
import { ForecastBacktestPanel } from "@/components/markets/forecast-backtest-panel";
import { AqiCard } from "@/components/air/aqi-card";

/** Sets or clears query parameters of the current URL without a navigation (the page keeps its state). */
function writeUrl(patch: Record<string, string | null>) {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(patch)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  const qs = q.toString();
  window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
}

export function AssetView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const asset = useQuery(trpc.assets.get.queryOptions({ idOrSlug: slug }));
  // Series and range live in the URL (?metric=&range=7d|30d|all|custom&from=&to=), so a chart can be shared
  // and survives a reload: read once here, written when the user changes them (never on load).
  const params = useSearchParams();
  const [seriesId, setSeriesId] = useState<string | null>(null);
  const [urlMetric] = useState(() => params.get("metric"));
  const [preset, setPreset] = useState<RangePreset>(() => {
    const r = params.get("range");
    return r === "7d" || r === "30d" || r === "all" || r === "custom" ? r : "30d";
  });
  const [custom, setCustom] = useState(() => ({ from: params.get("from") ?? "", to: params.get("to") ?? "" }));

  const allSeries = useMemo(() => asset.data?.series ?? [], [asset.data]);
  // The chosen series, else the URL's metric, else the first series that has data.
  const selected =
    allSeries.find((s) => s.id === seriesId) ?? allSeries.find((s) => s.metric === urlMetric) ?? allSeries.find((s) => s.points > 0) ?? allSeries[0];

  const range = useMemo(() => {
    if (!selected) return null;
    if (preset !== "custom") return presetRange(preset, selected.lastTs);
    return customRange(custom.from, custom.to);
  }, [selected, preset, custom]);

  const observations = useQuery({
    ...trpc.assets.observations.queryOptions({ seriesId: selected?.id ?? "", from: range?.from, to: range?.to }),
    enabled: Boolean(selected && range && selected.points > 0),
    placeholderData: keepPreviousData,
  });

  // The range's anomalies (ingestion checks), drawn as markers on the chart.
  const anomalies = useQuery({
    ...trpc.anomalies.list.queryOptions({ seriesId: selected?.id, from: range?.from, to: range?.to, limit: 500 }),
    enabled: Boolean(selected && range && selected.points > 0),
    placeholderData: keepPreviousData,
  });
  const markers = useMemo(
    () => (anomalies.data?.items ?? []).map((x) => ({ ts: new Date(x.ts), value: x.value, expected: x.expected, kind: x.kind, reason: x.reason })),
    [anomalies.data],
  );

  if (asset.isPending) return <LoadingState label="Loading asset…" />;
  if (asset.isError) {
    return (
      <Card>
        <ErrorState error={asset.error} onRetry={() => asset.refetch()} />
        <p className="px-4 pb-4 text-sm">
          <Link href="/assets" className="text-brand-600 underline underline-offset-2">
            Back to assets
          </Link>
        </p>
      </Card>
    );
  }
  const a = asset.data;

  function choosePreset(p: RangePreset) {
    let next = custom;
    if (p === "custom" && selected && !custom.from && !custom.to) {
      // Start the custom range from what the current preset shows.
      const current = preset === "custom" ? null : presetRange(preset, selected.lastTs);
      next = { from: toDayInput(current?.from ?? selected.firstTs), to: toDayInput(selected.lastTs) };
      setCustom(next);
    }
    setPreset(p);
    writeUrl({ range: p === "30d" ? null : p, from: p === "custom" ? next.from : null, to: p === "custom" ? next.to : null });
  }

  return (
    <>
      <nav className="mb-2 text-sm text-zinc-500" aria-label="Breadcrumb">
        <Link href="/assets" className="hover:text-zinc-800 dark:hover:text-zinc-200">
          Assets
        </Link>{" "}
        / <span className="font-mono">{a.slug}</span>
      </nav>
      <PageHeader
        title={a.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="blue">{a.kind}</Badge>
            <span>{a.timezone}</span>
            {a.lat != null && a.lon != null && (
              <span>
                {a.lat.toFixed(2)}, {a.lon.toFixed(2)}
              </span>
            )}
          </span>
        }
      />

      {allSeries.length === 0 ? (
        <Card>
          <EmptyState title="This asset has no series yet">Ingest observations to see them here.</EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card className="p-4 sm:p-5">
            <div className="mb-4 flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
              <label className="flex items-center gap-2 text-sm">
                <span className="font-medium text-zinc-600 dark:text-zinc-400">Series</span>
                <Select
                  value={selected?.id}
                  onChange={(e) => {
                    setSeriesId(e.target.value);
                    writeUrl({ metric: allSeries.find((x) => x.id === e.target.value)?.metric ?? null });
                  }} className="w-auto min-w-48 py-1.5" data-testid="series-picker">
                  {allSeries.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.metric}
                      {s.unit ? ` (${s.unit})` : ""}
                    </option>
                  ))}
                </Select>
              </label>
              <RangePicker
                preset={preset}
                onPreset={choosePreset}
                customFrom={custom.from}
                customTo={custom.to}
                onCustom={(from, to) => {
                  setCustom({ from, to });
                  writeUrl({ range: "custom", from, to });
                }}
                min={toDayInput(selected?.firstTs)}
                max={toDayInput(selected?.lastTs)}
              />
              {selected && range && selected.points > 0 && (
                <ExportCsvButton assetId={a.id} slug={a.slug} seriesId={selected.id} metric={selected.metric} from={range.from} to={range.to} />
              )}
            </div>

            {!selected || selected.points === 0 ? (
              <EmptyState title="No observations in this series yet" />
            ) : range === null ? (
              <EmptyState title="Pick a valid range">The start day must be on or before the end day.</EmptyState>
            ) : observations.isPending ? (
              <LoadingState label="Loading observations…" />
            ) : observations.isError ? (
              <ErrorState error={observations.error} onRetry={() => observations.refetch()} />
            ) : observations.data.points.length === 0 ? (
              <EmptyState title="No observations in this range">Try a wider range.</EmptyState>
            ) : (
              <div className="relative">
                {observations.isFetching && <Spinner className="absolute right-2 top-0 text-zinc-400" />}
                <SeriesChart
                  points={observations.data.points}
                  unit={selected.unit}
                  timeZone={isDateOnlyFrequency(selected.frequency) ? "UTC" : a.timezone}
                  dateOnly={isDateOnlyFrequency(selected.frequency)}
                  label={selected.metric}
                  markers={markers}
                />
                <p className="mt-2 text-xs text-zinc-500" data-testid="chart-caption">
                  {formatNumber(observations.data.totalPoints, 0)} points
                  {observations.data.downsampled && ` (showing ${formatNumber(observations.data.points.length, 0)}, shape-preserving downsample)`} ·{" "}
                  {formatSeriesTime(observations.data.points[0].ts, selected.frequency, a.timezone)} – {formatSeriesTime(observations.data.points.at(-1)!.ts, selected.frequency, a.timezone)}
                  {markers.length > 0 && (
                    <>
                      {" · "}
                      <Link href="/anomalies" className="text-red-600 underline underline-offset-2" data-testid="chart-anomalies">
                        {markers.length === 1 ? "1 anomaly" : `${formatNumber(markers.length, 0)} anomalies`}
                      </Link>
                    </>
                  )}
                </p>
              </div>
            )}
          </Card>

          {/* Today's AQI on city pages (nothing for a city without pollutant series). */}
          {a.kind === "city" && <AqiCard slug={a.slug} />}
          <ForecastPanel assetId={a.id} metric={selected?.metric} timeZone={a.timezone} />
          {a.kind === "ticker" && a.series.some((s) => s.metric === "close") && <IndicatorsPanel assetId={a.id} />}
          {a.kind === "ticker" && ["open", "high", "low", "close"].every((m) => a.series.some((s) => s.metric === m)) && <CandlestickChart assetId={a.id} />}
          {a.kind === "ticker" && <ForecastBacktestPanel assetId={a.id} />}
          {a.kind === "ticker" && ["open", "high", "low", "close"].every((m) => a.series.some((s) => s.metric === m)) && <FactorsPanel assetId={a.id} />}

          <Card className="overflow-hidden">
            <Table caption={`Series of ${a.name}`} data-testid="series-table">
              <THead>
                <TR>
                  <TH>Metric</TH>
                  <TH>Unit</TH>
                  <TH hideBelow="sm">Frequency</TH>
                  <TH numeric>Points</TH>
                  <TH hideBelow="md">First</TH>
                  <TH hideBelow="md">Last</TH>
                </TR>
              </THead>
              <TBody>
                {allSeries.map((s) => (
                  <TR key={s.id} className={s.id === selected?.id ? "bg-brand-50/50 dark:bg-brand-500/5" : undefined}>
                    <TD className="font-mono text-xs">
                      <button type="button" onClick={() => setSeriesId(s.id)} className="hover:underline">
                        {s.metric}
                      </button>
                    </TD>
                    <TD>{s.unit ?? "—"}</TD>
                    <TD hideBelow="sm">{s.frequency ?? "irregular"}</TD>
                    <TD numeric>{formatNumber(s.points, 0)}</TD>
                    <TD hideBelow="md" className="text-zinc-500">
                      {formatSeriesTime(s.firstTs, s.frequency, a.timezone)}
                    </TD>
                    <TD hideBelow="md" className="text-zinc-500">
                      {formatSeriesTime(s.lastTs, s.frequency, a.timezone)}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </Card>
        </div>
      )}
    </>
  );
}
