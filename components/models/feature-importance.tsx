import type { VersionImportance } from "@/server/explain/schemas";
import { Card } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

const TOP_FEATURES = 10;

/** Global TreeSHAP importance of a GBDT version: mean |SHAP| by feature family (bars) and the top features. */
export function FeatureImportance({ importance }: { importance: VersionImportance }) {
  return (
    <Card className="overflow-hidden" data-testid="feature-importance">
      <h2 id="feature-importance-heading" className="px-5 pb-1 pt-5 text-sm font-semibold">
        What drives the forecasts
      </h2>
      {!importance.available ? (
        <p className="px-5 pb-5 text-sm text-zinc-500">{importance.reason}</p>
      ) : (
        <ImportanceBody importance={importance} />
      )}
    </Card>
  );
}

function ImportanceBody({ importance }: { importance: Extract<VersionImportance, { available: true }> }) {
  const max = Math.max(...importance.families.map((f) => f.meanAbsShap), Number.MIN_VALUE);
  return (
    <>
      <p className="px-5 pb-3 text-xs text-zinc-500">
        Mean |SHAP| (TreeSHAP, in the target&apos;s units) over {importance.rows} feature rows from the end of the training window.
      </p>
      <ul className="space-y-2 px-5 pb-4 text-sm" aria-label="Importance by feature family">
        {importance.families.map((f) => (
          <li key={f.family} data-testid="family-importance">
            <div className="flex justify-between gap-3">
              <span title={f.features.join(", ")}>{f.family}</span>
              <span className="font-mono text-xs">{formatNumber(f.meanAbsShap, 3)}</span>
            </div>
            <div className="mt-1 h-2 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
              <div className="h-2 rounded bg-brand-500" style={{ width: `${(100 * f.meanAbsShap) / max}%` }} />
            </div>
          </li>
        ))}
      </ul>
      <Table aria-labelledby="feature-importance-heading">
        <THead>
          <TR>
            <TH>Feature</TH>
            <TH>Family</TH>
            <TH numeric>Mean |SHAP|</TH>
          </TR>
        </THead>
        <TBody>
          {importance.features.slice(0, TOP_FEATURES).map((f) => (
            <TR key={f.feature}>
              <TD className="font-mono text-xs">{f.feature}</TD>
              <TD>{f.family}</TD>
              <TD numeric>{formatNumber(f.meanAbsShap, 3)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </>
  );
}
