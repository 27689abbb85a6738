"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { METRIC_LABEL } from "./alert-inbox-view";
import { AlertRuleForm } from "./alert-rule-form";

/** Alert rules (analysts): the table, enable/disable and delete, and the form for a new one. */
export function AlertRulesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.listRules.queryOptions());
  const endpoints = useQuery(trpc.alerts.listEndpoints.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.listRules.pathKey() });
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  return (
    <section className="space-y-3" aria-labelledby="alert-rules-title">
      <h2 id="alert-rules-title" className="text-base font-semibold">
        Rules
      </h2>
      {rules.isPending ? (
        <LoadingState />
      ) : rules.error ? (
        <ErrorState error={rules.error} onRetry={() => rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No rules yet">Add one below; rules are evaluated every 5 minutes.</EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <Table caption="Alert rules" data-testid="alert-rules-table">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Metric</TH>
                <TH numeric>Threshold</TH>
                <TH hideBelow="sm">Window / cooldown</TH>
                <TH hideBelow="sm">Scope</TH>
                <TH hideBelow="sm">Channels</TH>
                <TH hideBelow="sm">Last evaluated</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {rules.data.map((r) => (
                <TR key={r.id} data-testid="alert-rule-row">
                  <TD className="font-medium">
                    {r.name} {!r.enabled && <Badge>disabled</Badge>} {r.openRetrainJob && <Badge tone="blue">retrains</Badge>}
                  </TD>
                  <TD>{METRIC_LABEL[r.metric]}</TD>
                  <TD numeric>{formatNumber(r.threshold)}</TD>
                  <TD hideBelow="sm">
                    {r.windowMinutes} min / {r.cooldownMinutes} min
                  </TD>
                  <TD hideBelow="sm" className="font-mono text-xs">
                    {r.scope === "all" ? "all" : `${r.scope} ${(r.assetId ?? r.modelId ?? "").slice(0, 8)}`}
                  </TD>
                  <TD hideBelow="sm">
                    inbox
                    {r.channels.webhookEndpointIds.length > 0 && `, ${r.channels.webhookEndpointIds.length} webhook(s)`}
                    {r.channels.emails.length > 0 && `, ${r.channels.emails.join(", ")}`}
                  </TD>
                  <TD hideBelow="sm">{r.lastEvaluatedAt ? formatDateTime(r.lastEvaluatedAt) : "—"}</TD>
                  <TD className="whitespace-nowrap">
                    <Button size="sm" variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ id: r.id, enabled: !r.enabled })}>
                      {r.enabled ? "Disable" : "Enable"}
                    </Button>{" "}
                    <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: r.id })}>
                      Delete
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      {(update.error ?? remove.error) && <p className="text-sm text-red-600">{(update.error ?? remove.error)?.message}</p>}
      <AlertRuleForm endpoints={endpoints.data ?? []} />
    </section>
  );
}
