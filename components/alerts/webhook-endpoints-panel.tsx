"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { fieldErrorsOf } from "@/components/ui/trpc-errors";

/** Webhook endpoints (admins). The signing secret is shown once, right after creation. */
export function WebhookEndpointsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.alerts.listEndpoints.queryOptions());
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.listEndpoints.pathKey() });
  const create = useMutation(trpc.alerts.createEndpoint.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.deleteEndpoint.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, url });
  };
  return (
    <section className="space-y-3" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title" className="text-base font-semibold">
        Webhook endpoints
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Each POST carries <code>X-Almanac-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of “t.body”&gt;</code>; reject it when the HMAC differs or t is more than 5 minutes off.
      </p>
      {list.isPending ? (
        <LoadingState />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Card className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {list.data.map((ep) => (
            <div key={ep.id} className="flex items-center gap-3 p-3 text-sm" data-testid="webhook-endpoint">
              <span className="font-medium">{ep.name}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs">{ep.url}</span>
              <span className="font-mono text-xs text-zinc-500">secret {ep.secretHint}</span>
              <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: ep.id })}>
                Delete
              </Button>
            </div>
          ))}
          <form onSubmit={submit} className="grid gap-3 p-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
            <Field label="Name" error={errors.name}>
              <Input value={name} onChange={(e) => setName(e.target.value)} required />
            </Field>
            <Field label="URL" error={errors.url}>
              <Input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://hooks.example.com/almanac" />
            </Field>
            <Button type="submit" disabled={create.isPending}>
              Add endpoint
            </Button>
          </form>
        </Card>
      )}
      {create.data && (
        <p className="text-sm" data-testid="webhook-secret">
          Signing secret for {create.data.name} (shown once): <code className="font-mono">{create.data.secret}</code>
        </p>
      )}
      {create.error && !errors.name && !errors.url && <p className="text-sm text-red-600">{create.error.message}</p>}
    </section>
  );
}
