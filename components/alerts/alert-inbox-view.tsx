import type { AlertEventView } from "@/server/alerts/schemas";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { EmptyState } from "@/components/ui/states";

export const METRIC_LABEL: Record<AlertEventView["metric"], string> = {
  coverage_below_promise: "Coverage below promise",
  accuracy_drift: "Accuracy drift",
  input_drift: "Input drift",
  ingest_failure: "Ingest failures",
  stale_source: "Stale source",
  job_failure: "Job failures",
  anomaly_rate: "Anomaly rate",
  data_staleness: "Data staleness",
};

/** The inbox: newest alerts first, unread ones marked, each readable on its own or all at once. */
export function AlertInboxView({
  items,
  unread,
  busy,
  onMarkRead,
  onMarkAllRead,
}: {
  items: AlertEventView[];
  unread: number;
  busy?: boolean;
  onMarkRead: (id: string) => void;
  onMarkAllRead: () => void;
}) {
  return (
    <section className="space-y-3" aria-labelledby="alert-inbox-title">
      <div className="flex items-center justify-between gap-3">
        <h2 id="alert-inbox-title" className="flex items-center gap-2 text-base font-semibold">
          Inbox{" "}
          <span data-testid="alerts-unread" aria-label={`${unread} unread`}>
            <Badge tone={unread > 0 ? "red" : "zinc"}>{unread}</Badge>
          </span>
        </h2>
        <Button size="sm" variant="secondary" disabled={busy || unread === 0} onClick={onMarkAllRead}>
          Mark all read
        </Button>
      </div>
      {items.length === 0 ? (
        <EmptyState title="No alerts">Alerts appear here when a rule’s threshold is crossed.</EmptyState>
      ) : (
        <Card className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((e) => (
            <article key={e.id} data-testid="alert-event" data-read={e.readAt ? "true" : "false"} className={`flex items-start gap-3 p-3 ${e.readAt ? "opacity-70" : ""}`}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  {!e.readAt && <span className="size-2 rounded-full bg-red-500" aria-label="unread" />}
                  <span className="font-medium">{e.ruleName}</span>
                  <Badge tone="amber">{METRIC_LABEL[e.metric]}</Badge>
                  <span className="text-xs text-zinc-500">{formatDateTime(e.createdAt)}</span>
                </p>
                <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{e.message}</p>
                {e.retrainRunId && (
                  <a href={`/jobs/${e.retrainRunId}`} className="mt-1 inline-block text-xs text-brand-700 hover:underline dark:text-brand-300">
                    Retraining job started
                  </a>
                )}
              </div>
              {!e.readAt && (
                <Button size="sm" variant="ghost" disabled={busy} onClick={() => onMarkRead(e.id)} data-testid={`mark-read-${e.id}`}>
                  Mark read
                </Button>
              )}
            </article>
          ))}
        </Card>
      )}
    </section>
  );
}
