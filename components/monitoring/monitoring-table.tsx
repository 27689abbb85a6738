"use client";
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { DriftHistory } from "./drift-chart";

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Every champion in production: promised (backtest) vs delivered (served forecasts scored against actuals). */
export function MonitoringTable() {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const [drillModel, setDrillModel] = useState<string | null>(null);
  const q = useQuery(trpc.monitoring.models.queryOptions({ days }));
  const shown = drillModel ?? q.data?.[0]?.modelId ?? null;
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        Forecasts made in the last
        <Select value={String(days)} onChange={(e) => setDays(Number(e.target.value))} data-testid="monitoring-window" className="w-28">
          {[1, 7, 30, 90].map((d) => (
            <option key={d} value={d}>
              {d === 1 ? "day" : `${d} days`}
            </option>
          ))}
        </Select>
      </label>
      {q.isPending ? (
        <LoadingState />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No model in production yet">Train a model: its champion is monitored here once it serves forecasts.</EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption="Models in production" data-testid="monitoring-table">
            <THead>
              <TR>
                <TH>Asset · metric</TH>
                <TH>Champion</TH>
                <TH numeric>Actuals scored</TH>
                <TH numeric>MAE step 1 (backtest → live)</TH>
                <TH numeric>sMAPE (backtest → live)</TH>
                <TH numeric>Bias</TH>
                <TH>Interval coverage (promised → delivered)</TH>
                <TH>Target drift since training</TH>
              </TR>
            </THead>
            <TBody>
              {q.data.map((m) => {
                const step1 = m.realised?.steps.find((s) => s.step === 1);
                return (
                  <TR key={m.modelId} data-testid={`monitoring-row-${m.assetSlug}-${m.metric}`}>
                    <TD>
                      <Link href={`/models/${m.modelId}`} className="text-brand-700 hover:underline dark:text-brand-300">
                        {m.assetName} · <span className="font-mono text-xs">{m.metric}</span>
                      </Link>
                    </TD>
                    <TD>
                      <Link href={`/models/versions/${m.version.id}`} className="hover:underline">
                        v{m.version.number}
                      </Link>{" "}
                      <span className="text-xs text-zinc-500">{m.version.algorithm}</span>
                    </TD>
                    <TD numeric>{m.realised ? formatNumber(m.realised.points, 0) : "–"}</TD>
                    <TD numeric>
                      {m.backtest.maeStep1 === null ? "–" : formatNumber(m.backtest.maeStep1, 1)} → {step1 ? formatNumber(step1.mae, 1) : "–"}
                      {m.maeRatio !== null && m.maeRatio > 1.5 && (
                        <span className="ml-1">
                          <Badge tone="red">×{m.maeRatio.toFixed(1)}</Badge>
                        </span>
                      )}
                    </TD>
                    <TD numeric>
                      {m.backtest.smape === null ? "–" : `${formatNumber(m.backtest.smape, 2)} %`} → {m.realised ? `${formatNumber(m.realised.smape, 2)} %` : "–"}
                    </TD>
                    <TD numeric>{m.realised ? formatNumber(m.realised.bias, 1) : "–"}</TD>
                    <TD>
                      {m.coverage.length === 0
                        ? "–"
                        : m.coverage.map((c) => (
                            <span
                              key={c.level}
                              className="mr-2 inline-flex items-center gap-1"
                              data-testid={`coverage-${c.level}`}
                              title={`${c.inside} of ${c.points} actuals inside; a kept ${c.level} % promise lands in ${pct(c.band[0])}–${pct(c.band[1])} 95 % of the time`}
                            >
                              {c.level} % → {pct(c.ratio)}
                              {c.belowPromise && <Badge tone="red">below promise</Badge>}
                            </span>
                          ))}
                    </TD>
                    <TD data-testid="input-drift">
                      {m.inputDrift === null ? (
                        <span className="text-zinc-500">too few new readings</span>
                      ) : (
                        <span
                          className="inline-flex items-center gap-1"
                          title={`${m.inputDrift.method === "ks" ? `KS ${m.inputDrift.statistic.toFixed(3)}, p = ${m.inputDrift.pValue?.toPrecision(2)}` : `normed Wasserstein ${m.inputDrift.statistic.toFixed(3)} (drift ≥ ${m.inputDrift.threshold})`}; PSI ${m.inputDrift.psi.toFixed(3)}; Jensen–Shannon ${m.inputDrift.jensenShannon.toFixed(3)}; ${m.inputDrift.currentSize} new vs ${m.inputDrift.referenceSize} training readings`}
                        >
                          <Badge tone={m.inputDrift.drift ? "red" : "green"}>{m.inputDrift.drift ? "drift" : "no drift"}</Badge>
                          <span className="text-xs text-zinc-500">PSI {m.inputDrift.psi.toFixed(2)} ({m.inputDrift.psiBand})</span>
                        </span>
                      )}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        </Card>
      )}
      {q.data && q.data.length > 0 && shown && (
        <Card className="space-y-3 p-5">
          <label className="flex items-center gap-2 text-sm">
            Stored drift scores of
            <Select value={shown} onChange={(e) => setDrillModel(e.target.value)} data-testid="drift-model" className="w-auto">
              {q.data.map((m) => (
                <option key={m.modelId} value={m.modelId}>
                  {m.assetName} · {m.metric} (h{m.horizon})
                </option>
              ))}
            </Select>
          </label>
          <DriftHistory modelId={shown} />
        </Card>
      )}
    </div>
  );
}
