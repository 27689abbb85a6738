"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TFoot, TH, THead, TR } from "@/components/ui/table";
import { AutoLeaderboard, autoParametersOf } from "./auto-leaderboard";
import { DriftHistory } from "@/components/monitoring/drift-chart";
import { BacktestChart } from "./backtest-chart";
import { DeploymentEvents } from "./deployment-events";
import { PromoteButton, RollbackButton } from "./champion-actions";
import { fmtMetric, VersionState } from "./version-state";

export function VersionDetail({ versionId, canEdit }: { versionId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.models.version.queryOptions({ versionId }));
  if (q.isPending) return <LoadingState />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const { version: v, model } = q.data;
  const horizons = Object.keys(v.backtestMetrics).filter((k) => k !== "all");
  const snap = v.trainingSnapshot;
  const auto = autoParametersOf(v.parameters);
  const promotion = v.parameters.promotion as { promote: boolean; reason: string; basis: string } | undefined;
  return (
    <div className="space-y-6">
      <Card className="flex flex-wrap items-center justify-between gap-3 p-5 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          <span data-testid="version-state">
            <VersionState state={v.state} />
          </span>
          <Link href={`/models/${model.id}`} className="text-brand-700 hover:underline dark:text-brand-300">
            {model.assetName} · {model.metric}
          </Link>
          <span className="text-zinc-500">trained {formatDateTime(v.trainedAt)}</span>
        </div>
        {canEdit && (v.state === "champion" ? <RollbackButton modelId={model.id} /> : ["candidate", "challenger", "archived"].includes(v.state) && <PromoteButton versionId={v.id} />)}
        {promotion && (
          <p className="w-full text-xs text-zinc-600 dark:text-zinc-400" data-testid="promotion-reason">
            <span className="font-medium">{promotion.promote ? "Promoted at registration" : "Not promoted at registration"}:</span> {promotion.reason}
          </p>
        )}
      </Card>
      <DeploymentEvents versionId={v.id} promotable={["candidate", "challenger", "archived"].includes(v.state)} />
      {v.state !== "training" && v.state !== "failed" && (
        <Card className="p-5">
          <DriftHistory versionId={v.id} />
        </Card>
      )}
      {v.backtestPlot && (
        <Card className="p-5">
          <h2 className="mb-3 text-sm font-semibold">Backtest (last fold)</h2>
          <BacktestChart plot={v.backtestPlot} />
        </Card>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        {auto && <AutoLeaderboard auto={auto} />}
        <Card className="overflow-hidden">
          <h2 id="backtest-metrics-heading" className="px-5 pb-3 pt-5 text-sm font-semibold">
            Backtest metrics
          </h2>
          <Table aria-labelledby="backtest-metrics-heading" data-testid="version-metrics">
            <THead>
              <TR>
                <TH>Step</TH>
                <TH numeric>MAE</TH>
                <TH numeric>MASE</TH>
                <TH numeric>Seasonal naive MASE</TH>
              </TR>
            </THead>
            <TBody>
              {horizons.map((h) => (
                <TR key={h}>
                  <TD className="font-mono text-xs">{h}</TD>
                  <TD numeric>{fmtMetric(v.backtestMetrics[h].mae, 1)}</TD>
                  <TD numeric>{fmtMetric(v.backtestMetrics[h].mase)}</TD>
                  <TD numeric>{fmtMetric(v.backtestMetrics[h].baselineMase)}</TD>
                </TR>
              ))}
            </TBody>
            <TFoot>
              <TR>
                <TD>all</TD>
                <TD numeric>sMAPE {fmtMetric(v.backtestMetrics.all?.smape, 2)}</TD>
                <TD numeric>{fmtMetric(v.backtestMetrics.all?.mase)}</TD>
                <TD numeric>{fmtMetric(v.backtestMetrics.all?.baselineMase)}</TD>
              </TR>
            </TFoot>
          </Table>
        </Card>
        <RealisedCoverage versionId={v.id} />
        <Card className="space-y-1 p-5 text-sm">
          <h2 className="mb-2 font-semibold">Provenance</h2>
          <p>Algorithm: <span className="font-mono text-xs">{v.algorithm}</span></p>
          <IntervalSourceLine calibration={v.calibration} />
          <p>Code: <span className="font-mono text-xs">{v.codeVersion}</span></p>
          {snap && (
            <p>
              Data: {snap.rowCount} rows, {snap.fromTs} → {snap.toTs} <span className="font-mono text-xs">({snap.contentHash.slice(0, 12)})</span>
            </p>
          )}
          <p>Features: <span className="font-mono text-xs">{v.featureSpecHash?.slice(0, 12) ?? "none (a local model forecasts from the series itself)"}</span></p>
          <p className="break-all">Artifact: <span className="font-mono text-xs">{v.artifactSha256}</span></p>
          <pre className="mt-2 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(auto ? { ...v.parameters, auto: { chosen: auto.chosen, group: auto.group, windows: auto.windows, step: auto.step } } : v.parameters, null, 2)}</pre>
        </Card>
      </div>
    </div>
  );
}

/** Where each level's interval comes from: conformal on the backtest errors, or a random walk where they were too few. */
function IntervalSourceLine({ calibration }: { calibration: unknown }) {
  const c = calibration as { halfWidths?: Record<string, unknown>; fallback?: Record<string, string> } | null;
  const levels = Object.keys(c?.halfWidths ?? {}).sort((a, b) => Number(a) - Number(b));
  if (!levels.length) return null;
  const rw = levels.filter((l) => c?.fallback?.[l] === "random-walk");
  const conformal = levels.filter((l) => !rw.includes(l));
  return (
    <p data-testid="interval-source">
      Intervals: {conformal.length > 0 && <>conformal at {conformal.join(", ")} %</>}
      {conformal.length > 0 && rw.length > 0 && "; "}
      {rw.length > 0 && <>{rw.join(", ")} % from a random-walk band (too few backtest errors for a conformal quantile: train with more backtest windows)</>}
    </p>
  );
}

/** Promised vs delivered: how often the served intervals held the actuals that arrived since (last 30 days). */
function RealisedCoverage({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.models.coverage.queryOptions({ versionId }));
  const adaptation = useQuery(trpc.models.intervalAdaptation.queryOptions({ versionId }));
  const factorOf = (level: number) => adaptation.data?.find((a) => a.level === level);
  return (
    <Card className="overflow-hidden" data-testid="version-coverage">
      <h2 id="coverage-heading" className="px-5 pb-3 pt-5 text-sm font-semibold">
        Interval coverage in production
      </h2>
      {q.isPending ? (
        <LoadingState />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.length === 0 ? (
        <p className="px-5 pb-5 text-sm text-zinc-500">No actuals have arrived yet for this version&apos;s served forecasts.</p>
      ) : (
        <Table aria-labelledby="coverage-heading">
          <THead>
            <TR>
              <TH>Promised</TH>
              <TH numeric>Delivered</TH>
              <TH numeric>Actuals scored</TH>
              <TH numeric title="Online adaptation: the calibrated interval width times this factor, moved up on each miss and down on each hit">Width now</TH>
            </TR>
          </THead>
          <TBody>
            {q.data.map((c) => (
              <TR key={c.level}>
                <TD>{c.level} %</TD>
                <TD numeric>{c.ratio === null ? "–" : `${(c.ratio * 100).toFixed(1)} %`}</TD>
                <TD numeric>
                  {c.inside} / {c.points}
                </TD>
                <TD numeric data-testid={`adaptation-${c.level}`}>{factorOf(c.level) ? `×${factorOf(c.level)!.factor.toFixed(2)}` : "×1.00"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
