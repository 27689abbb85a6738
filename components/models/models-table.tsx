"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { listModelsInputSchema } from "@/server/registry/schemas";

const KINDS = listModelsInputSchema.unwrap().shape.kind.unwrap().options;
const STATUSES = listModelsInputSchema.unwrap().shape.status.unwrap().options;

/** A model's tags, editable in place by editors (comma- or space-separated; saved normalised). */
function TagsCell({ modelId, tags, canEdit }: { modelId: string; tags: string[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(tags.join(", "));
  const save = useMutation(
    trpc.models.setTags.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
      },
    }),
  );
  if (editing) {
    return (
      <form
        className="flex flex-wrap items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ modelId, tags: text.split(/[\s,]+/).filter(Boolean) });
        }}
      >
        <Input value={text} onChange={(e) => setText(e.target.value)} aria-label="Tags" className="w-48" data-testid="tags-input" autoFocus />
        <Button size="sm" type="submit" disabled={save.isPending} data-testid="tags-save">
          Save
        </Button>
        <Button size="sm" variant="secondary" type="button" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        {save.error && <span className="w-full text-xs text-red-600" role="alert">{save.error.message}</span>}
      </form>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="model-tags">
      {tags.map((t) => (
        <Badge key={t}>{t}</Badge>
      ))}
      {canEdit && (
        <button
          type="button"
          className="text-xs text-brand-700 hover:underline dark:text-brand-300"
          onClick={() => {
            setText(tags.join(", "));
            setEditing(true);
          }}
          data-testid="tags-edit"
        >
          {tags.length ? "edit" : "add tags"}
        </button>
      )}
    </span>
  );
}

export function ModelsTable({ canEdit = false }: { canEdit?: boolean }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<(typeof KINDS)[number] | "">("");
  const [status, setStatus] = useState<(typeof STATUSES)[number] | "">("");
  const input = { q: q.trim() || undefined, kind: kind || undefined, status: status || undefined };
  const models = useQuery({ ...trpc.models.list.queryOptions(input), placeholderData: (prev) => prev });
  const filtering = Boolean(input.q || input.kind || input.status);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" role="search">
        <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search name, asset, kind, algorithm, tag…" aria-label="Search models" className="w-72" data-testid="models-search" />
        <Select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label="Asset kind" className="w-36" data-testid="models-kind">
          <option value="">any kind</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </Select>
        <Select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} aria-label="Version status" className="w-44" data-testid="models-status">
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              has a {s} version
            </option>
          ))}
        </Select>
      </div>
      {models.isPending ? (
        <LoadingState />
      ) : models.error ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : !models.data.length ? (
        filtering ? <EmptyState title="No model matches">Try fewer words or clear the filters.</EmptyState> : <EmptyState title="No models yet">Train one from the Jobs page.</EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <Table caption="Models" data-testid="models-table">
            <THead>
              <TR>
                <TH>Asset</TH>
                <TH>Metric</TH>
                <TH hideBelow="sm">Horizon</TH>
                <TH hideBelow="sm">Frequency</TH>
                <TH>Champion</TH>
                <TH>Tags</TH>
              </TR>
            </THead>
            <TBody>
              {models.data.map((m) => (
                <TR key={m.id} data-testid="model-row">
                  <TD>
                    <Link href={`/models/${m.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                      {m.assetName}
                    </Link>
                  </TD>
                  <TD className="font-mono text-xs">{m.metric}</TD>
                  <TD hideBelow="sm">{m.horizon} steps</TD>
                  <TD hideBelow="sm">{m.frequency}</TD>
                  <TD>{m.champion ? `v${m.champion.version}` : "—"}</TD>
                  <TD>
                    <TagsCell key={m.tags.join(",")} modelId={m.id} tags={m.tags} canEdit={canEdit} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
