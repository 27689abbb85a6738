"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { ErrorState } from "@/components/ui/states";

/**
 * The version's deployment record (server/deployment): whether it could be promoted now, refused promotions,
 * post-promotion health checks, and an automatic rollback with its reason ("why it was rolled back").
 */
export function DeploymentEvents({ versionId, promotable }: { versionId: string; promotable: boolean }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.models.deploymentEvents.queryOptions({ versionId }));
  const compat = useQuery({ ...trpc.models.compatibility.queryOptions({ versionId }), enabled: promotable });
  if (events.error) return <ErrorState error={events.error} onRetry={() => events.refetch()} />;
  const rollback = events.data?.find((e) => e.action === "auto_rollback" && e.rolledBack);
  if (!events.data?.length && !(compat.data && !compat.data.compatible)) return null;
  return (
    <Card className="space-y-3 p-5 text-sm" data-testid="deployment-events">
      <h2 className="text-sm font-semibold">Deployment checks</h2>
      {rollback && (
        <p className="rounded-md bg-red-50 p-3 text-red-800 dark:bg-red-500/10 dark:text-red-300" data-testid="rollback-reason">
          <span className="font-medium">Rolled back automatically{rollback.restoredVersion !== null ? ` to v${rollback.restoredVersion}` : ""}</span> on {formatDateTime(rollback.at)}: the health check failed at {rollback.reason}
        </p>
      )}
      {compat.data && !compat.data.compatible && (
        <div data-testid="compatibility-problems">
          <p className="font-medium">This version cannot be promoted:</p>
          <ul className="ml-5 list-disc text-zinc-700 dark:text-zinc-300">
            {compat.data.problems.map((p, i) => (
              <li key={i}>
                <span className="font-mono text-xs">{p.check}</span>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ul className="space-y-2">
        {(events.data ?? []).map((e) => (
          <li key={e.id} className="flex flex-wrap items-start gap-2" data-testid={`deployment-event-${e.action}`}>
            <span className="w-40 shrink-0 text-xs text-zinc-500">{formatDateTime(e.at)}</span>
            {e.action === "health_check" ? (
              <Badge tone={e.healthy ? "green" : "red"}>{e.healthy ? "health check passed" : "health check failed"}</Badge>
            ) : e.action === "auto_rollback" ? (
              <Badge tone={e.rolledBack ? "red" : "amber"}>{e.rolledBack ? "rolled back" : "not rolled back"}</Badge>
            ) : (
              <Badge tone="amber">promotion refused</Badge>
            )}
            <span className="min-w-0 flex-1 text-xs text-zinc-700 dark:text-zinc-300">
              {e.action === "promotion_blocked"
                ? e.problems.map((p) => `${p.check}: ${p.message}`).join("; ")
                : e.steps.length
                  ? e.steps.map((s) => `${s.ok ? "✓" : "✗"} ${s.step}: ${s.detail}`).join(" · ")
                  : e.reason}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
