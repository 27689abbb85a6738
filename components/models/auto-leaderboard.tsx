import { Card } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { fmtMetric } from "./version-state";

interface LeaderboardRow {
  name: string;
  validationMase: number | null;
  seconds: number;
  smape?: number | null;
  maseByBlock?: { from: number; to: number; mase: number | null }[];
  coverage?: { level: number; ratio: number } | null;
}

export interface AutoParameters {
  chosen: string;
  group: string;
  windows: number;
  step: number;
  leaderboard: LeaderboardRow[];
  intervalSource: string;
  failures: { candidate: string; stage: string; message: string }[];
}

/** The `auto` block of an auto-trained version's parameters (server/training/auto-training.ts), or null. */
export function autoParametersOf(parameters: Record<string, unknown>): AutoParameters | null {
  const a = parameters.auto as Partial<AutoParameters> | undefined;
  if (!a || typeof a !== "object" || !Array.isArray(a.leaderboard) || typeof a.chosen !== "string") return null;
  return { group: "", windows: 0, step: 0, intervalSource: "", failures: [], ...a } as AutoParameters;
}

function blockLabel(b: { from: number; to: number }): string {
  return b.from === b.to ? `h${b.from}` : `h${b.from}–${b.to}`;
}

/** Every candidate auto backtested for this version, best first, with the pick marked. */
export function AutoLeaderboard({ auto }: { auto: AutoParameters }) {
  return (
    <Card className="overflow-hidden" data-testid="auto-leaderboard">
      <h2 id="leaderboard-heading" className="px-5 pt-5 text-sm font-semibold">
        Leaderboard
      </h2>
      <p className="px-5 pb-3 text-xs text-zinc-500">
        Validation MASE over {auto.windows} rolling origins {auto.step} steps apart ({auto.group} series); intervals from {auto.intervalSource || "conformal"} calibration. A
        candidate leaves the overall best only when it wins by a clear margin.
      </p>
      <LeaderboardTable auto={auto} labelledBy="leaderboard-heading" />
      {auto.failures.length > 0 && (
        <ul className="px-5 pb-4 pt-2 text-xs text-amber-700 dark:text-amber-300">
          {auto.failures.map((f, i) => (
            <li key={i}>
              {f.candidate} failed in the {f.stage}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The candidates' rows, with the columns the version stored (older versions have validation MASE and seconds only). */
export function LeaderboardTable({ auto, labelledBy }: { auto: AutoParameters; labelledBy?: string }) {
  const blocks = [...new Set(auto.leaderboard.flatMap((r) => (r.maseByBlock ?? []).map(blockLabel)))];
  const hasSmape = auto.leaderboard.some((r) => typeof r.smape === "number");
  const coverageLevel = auto.leaderboard.find((r) => r.coverage)?.coverage?.level ?? null;
  return (
    <Table aria-labelledby={labelledBy}>
      <THead>
        <TR>
          <TH>Candidate</TH>
          <TH numeric>Validation MASE</TH>
          {blocks.map((b) => (
            <TH key={b} numeric hideBelow="md">
              MASE {b}
            </TH>
          ))}
          {hasSmape && (
            <TH numeric hideBelow="sm">
              sMAPE
            </TH>
          )}
          {coverageLevel !== null && (
            <TH numeric hideBelow="sm" title="How often the candidate's own interval held the backtest actuals">
              Own {coverageLevel} % coverage
            </TH>
          )}
          <TH numeric>Seconds</TH>
        </TR>
      </THead>
      <TBody>
        {auto.leaderboard.map((r) => (
          <TR key={r.name} data-chosen={r.name === auto.chosen ? "true" : undefined}>
            <TD className="font-mono text-xs">
              {r.name}
              {r.name === auto.chosen && <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 font-sans text-[10px] font-semibold uppercase text-brand-800 dark:bg-brand-900 dark:text-brand-200">chosen</span>}
            </TD>
            <TD numeric>{r.validationMase === null ? "failed" : fmtMetric(r.validationMase)}</TD>
            {blocks.map((b) => (
              <TD key={b} numeric hideBelow="md">
                {fmtMetric(r.maseByBlock?.find((x) => blockLabel(x) === b)?.mase)}
              </TD>
            ))}
            {hasSmape && (
              <TD numeric hideBelow="sm">
                {fmtMetric(r.smape, 2)}
              </TD>
            )}
            {coverageLevel !== null && (
              <TD numeric hideBelow="sm">
                {r.coverage ? `${(r.coverage.ratio * 100).toFixed(1)} %` : "—"}
              </TD>
            )}
            <TD numeric>{fmtMetric(r.seconds, 2)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
