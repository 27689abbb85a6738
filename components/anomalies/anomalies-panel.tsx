"use client";
import Link from "next/link";
import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

const KIND_LABEL = { spike_above: "Spike ↑", spike_below: "Spike ↓", level_shift: "Level shift", stuck: "Stuck", gap: "Gap" } as const;
const KIND_TONE = { spike_above: "red", spike_below: "red", level_shift: "amber", stuck: "amber", gap: "zinc" } as const;

/** Anomalies found in ingested readings, newest first; analysts acknowledge them. */
export function AnomaliesPanel({ assetId, canAcknowledge }: { assetId?: string; canAcknowledge: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<boolean | undefined>(true);
  const list = useInfiniteQuery(
    trpc.anomalies.list.infiniteQueryOptions({ assetId, open, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const ack = useMutation(trpc.anomalies.acknowledge.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.anomalies.pathKey() }) }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex gap-2" role="group" aria-label="Which anomalies">
        {([
          [true, "Open"],
          [false, "Acknowledged"],
          [undefined, "All"],
        ] as const).map(([value, label]) => (
          <Button key={label} size="sm" variant={open === value ? "primary" : "secondary"} aria-pressed={open === value} onClick={() => setOpen(value)}>
            {label}
          </Button>
        ))}
      </div>
      {list.isPending ? (
        <LoadingState />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No anomalies">Readings pushed to the API and imported files are checked as they arrive.</EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <Table caption="Anomalies" data-testid="anomalies-table">
            <THead>
              <TR>
                <TH>When</TH>
                <TH>Asset</TH>
                <TH>Kind</TH>
                <TH hideBelow="sm" numeric>
                  Value
                </TH>
                <TH hideBelow="sm" numeric>
                  Expected
                </TH>
                <TH>Why</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {items.map((a) => (
                <TR key={a.id} data-testid="anomaly-row" data-kind={a.kind}>
                  <TD className="whitespace-nowrap">{formatDateTime(a.ts)}</TD>
                  <TD>
                    <Link href={`/assets/${a.assetSlug}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                      {a.assetSlug}
                    </Link>{" "}
                    <span className="font-mono text-xs text-zinc-500">{a.metric}</span>
                  </TD>
                  <TD>
                    <Badge tone={KIND_TONE[a.kind]}>{KIND_LABEL[a.kind]}</Badge>
                  </TD>
                  <TD hideBelow="sm" numeric>
                    {a.value === null ? "—" : formatNumber(a.value)}
                  </TD>
                  <TD hideBelow="sm" numeric>
                    {a.expected === null ? "—" : formatNumber(a.expected)}
                  </TD>
                  <TD>{a.reason}</TD>
                  <TD>
                    {a.acknowledgedAt ? (
                      <span className="text-xs text-zinc-500">acknowledged</span>
                    ) : canAcknowledge ? (
                      <Button size="sm" variant="secondary" disabled={ack.isPending} onClick={() => ack.mutate({ id: a.id })} data-testid={`acknowledge-${a.id}`}>
                        Acknowledge
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          Show older
        </Button>
      )}
      {ack.error && <p className="text-sm text-red-600">{ack.error.message}</p>}
    </div>
  );
}
