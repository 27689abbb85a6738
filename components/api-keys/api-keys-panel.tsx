"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/server/api-keys/schemas";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { formatDate, formatRelative } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingState, Spinner } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { fieldErrorsOf, needsGeneralMessage } from "@/components/ui/trpc-errors";
import { CopyButton } from "./copy-button";

const SCOPE_HELP: Record<ApiKeyScope, string> = {
  read: "read assets, series and forecasts",
  ingest: "push observations and CSV files",
  predict: "request forecasts",
  train: "start training jobs",
};

function NewKeyForm({ onCreated, onCancel }: { onCreated: (key: string, name: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const assets = useQuery(trpc.assets.list.queryOptions());
  const [allAssets, setAllAssets] = useState(true);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (data) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        onCreated(data.key, data.apiKey.name);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const expires = String(f.get("expiresAt") ?? "");
    create.mutate({
      name: String(f.get("name") ?? ""),
      scopes: f.getAll("scopes").map(String) as ApiKeyScope[],
      assetIds: allAssets ? null : f.getAll("assetIds").map(String),
      expiresAt: expires ? new Date(`${expires}T23:59:59Z`) : null,
    });
  }

  return (
    <Card className="mb-6 p-5">
      <form onSubmit={onSubmit} className="space-y-5" data-testid="create-api-key-form" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.name} hint="Where the key is used, e.g. “plant-7 gateway”">
            <Input name="name" required data-testid="api-key-name" />
          </Field>
          <Field label="Expires (optional)" error={errors.expiresAt}>
            <Input name="expiresAt" type="date" />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {API_KEY_SCOPES.map((s) => (
              <label key={s} className="flex items-start gap-2 rounded-lg border border-zinc-200 p-2.5 text-sm dark:border-zinc-800">
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === "read"} className="mt-0.5" data-testid={`api-key-scope-${s}`} />
                <span>
                  <span className="font-medium">{s}</span>
                  <span className="block text-xs text-zinc-500">{SCOPE_HELP[s]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.scopes && <p className="mt-1 text-xs text-red-600">{errors.scopes}</p>}
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Assets</legend>
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={allAssets} onChange={(e) => setAllAssets(e.target.checked)} data-testid="api-key-all-assets" />
            All assets (including ones created later)
          </label>
          {!allAssets && (
            <div className="mt-2 grid max-h-48 gap-1 overflow-y-auto rounded-lg border border-zinc-200 p-2 sm:grid-cols-2 dark:border-zinc-800">
              {assets.data?.map((a) => (
                <label key={a.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="assetIds" value={a.id} />
                  {a.name} <span className="font-mono text-xs text-zinc-500">{a.slug}</span>
                </label>
              ))}
            </div>
          )}
          {errors.assetIds && <p className="mt-1 text-xs text-red-600">{errors.assetIds}</p>}
        </fieldset>
        {create.error && needsGeneralMessage(errors, ["name", "expiresAt", "scopes", "assetIds"]) && <p className="text-sm text-red-600">{create.error.message}</p>}
        <div className="flex gap-2">
          <Button type="submit" disabled={create.isPending} data-testid="api-key-submit">
            {create.isPending && <Spinner />} Create key
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

function keyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }) {
  if (k.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (k.expiresAt && k.expiresAt.getTime() < Date.now()) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ includeRevoked: true }));
  const assets = useQuery(trpc.assets.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }) }),
  );
  const assetName = new Map(assets.data?.map((a) => [a.id, a.slug]));

  return (
    <>
      {created && (
        <Card className="mb-6 border-emerald-300 bg-emerald-50/60 p-5 dark:border-emerald-900 dark:bg-emerald-950/20" data-testid="new-api-key">
          <p className="text-sm font-semibold">Key “{created.name}” created</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Copy it now: it is shown only once and cannot be recovered.</p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="block flex-1 overflow-x-auto rounded-lg bg-white px-3 py-2 font-mono text-xs ring-1 ring-zinc-200 dark:bg-zinc-950 dark:ring-zinc-800" data-testid="new-api-key-value">
              {created.key}
            </code>
            <div className="flex gap-2">
              <CopyButton text={created.key} testId="copy-api-key" />
              <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
          </div>
        </Card>
      )}
      {creating ? (
        <NewKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(key, name) => {
            setCreating(false);
            setCreated({ key, name });
          }}
        />
      ) : (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setCreating(true)} data-testid="new-api-key-button">
            New API key
          </Button>
        </div>
      )}
      {revoke.error && <p className="mb-4 text-sm text-red-600">{revoke.error.message}</p>}
      <Card className="overflow-hidden">
        {keys.isPending ? (
          <LoadingState />
        ) : keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet">Create one to push data or read forecasts over the REST API.</EmptyState>
        ) : (
          <Table caption="API keys" data-testid="api-keys-table">
            <THead>
              <TR>
                <TH>Key</TH>
                <TH>Scopes</TH>
                <TH hideBelow="lg">Assets</TH>
                <TH hideBelow="sm">Last used</TH>
                <TH hideBelow="md">Created</TH>
                <TH>Status</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {keys.data.map((k) => (
                <TR key={k.id} data-testid={`api-key-row-${k.name}`} className={k.revokedAt ? "opacity-60" : undefined}>
                  <TD>
                    <p className="font-medium">{k.name}</p>
                    <p className="font-mono text-xs text-zinc-500">alm_{k.prefix}_…</p>
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s} tone="blue">
                          {s}
                        </Badge>
                      ))}
                    </div>
                  </TD>
                  <TD hideBelow="lg" className="text-xs text-zinc-600 dark:text-zinc-400">
                    {k.assetIds ? k.assetIds.map((id) => assetName.get(id) ?? id.slice(0, 8)).join(", ") : "all"}
                  </TD>
                  <TD hideBelow="sm" className="text-zinc-600 dark:text-zinc-400">
                    {formatRelative(k.lastUsedAt)}
                  </TD>
                  <TD hideBelow="md" className="text-zinc-500">
                    {formatDate(k.createdAt)}
                    {k.expiresAt && <span className="block text-xs">expires {formatDate(k.expiresAt)}</span>}
                  </TD>
                  <TD>{keyStatus(k)}</TD>
                  <TD align="right">
                    {!k.revokedAt && (
                      <Button
                        variant="danger"
                        size="sm"
                        data-testid={`revoke-${k.name}`}
                        disabled={revoke.isPending && revoke.variables?.id === k.id}
                        onClick={() => {
                          if (window.confirm(`Revoke “${k.name}”? Clients using it stop working immediately.`)) revoke.mutate({ id: k.id });
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
