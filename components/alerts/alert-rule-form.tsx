"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { fieldErrorsOf, needsGeneralMessage } from "@/components/ui/trpc-errors";
import { ALERT_METRIC_UNITS, alertMetricSchema, alertScopeSchema } from "@/server/alerts/schemas";
import { METRIC_LABEL } from "./alert-inbox-view";

type Metric = (typeof alertMetricSchema.options)[number];
type Scope = (typeof alertScopeSchema.options)[number];

const PLACED = ["name", "metric", "threshold", "windowMinutes", "cooldownMinutes", "scope", "assetId", "modelId", "channels.emails", "channels.webhookEndpointIds"];

/** New alert rule: metric, threshold, window, cooldown, scope, channels and the retrain action. */
export function AlertRuleForm({ endpoints }: { endpoints: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [metric, setMetric] = useState<Metric>("coverage_below_promise");
  const [threshold, setThreshold] = useState("5");
  const [windowMinutes, setWindowMinutes] = useState("1440");
  const [cooldownMinutes, setCooldownMinutes] = useState("360");
  const [scope, setScope] = useState<Scope>("all");
  const [scopeId, setScopeId] = useState("");
  const [emails, setEmails] = useState("");
  const [hooks, setHooks] = useState<string[]>([]);
  const [openRetrainJob, setOpenRetrainJob] = useState(false);
  const create = useMutation(
    trpc.alerts.createRule.mutationOptions({
      onSuccess: () => {
        setName("");
        return queryClient.invalidateQueries({ queryKey: trpc.alerts.listRules.pathKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      name,
      metric,
      threshold: Number(threshold),
      windowMinutes: Number(windowMinutes),
      cooldownMinutes: Number(cooldownMinutes),
      scope,
      assetId: scope === "asset" ? scopeId.trim() || null : null,
      modelId: scope === "model" ? scopeId.trim() || null : null,
      channels: { webhookEndpointIds: hooks, emails: emails.split(/[\s,]+/).filter(Boolean) },
      openRetrainJob,
    });
  };
  return (
    <Card className="p-4">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" data-testid="alert-rule-form">
        <Field label="Name" error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </Field>
        <Field label="Metric" error={errors.metric} hint={`Fires when ${ALERT_METRIC_UNITS[metric]} ≥ threshold`}>
          <Select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {alertMetricSchema.options.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABEL[m]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Threshold" error={errors.threshold}>
          <Input type="number" step="any" value={threshold} onChange={(e) => setThreshold(e.target.value)} required />
        </Field>
        <Field label="Window (minutes)" error={errors.windowMinutes}>
          <Input type="number" min={1} value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} required />
        </Field>
        <Field label="Cooldown (minutes)" error={errors.cooldownMinutes} hint="No repeat alert for the same subject inside it">
          <Input type="number" min={0} value={cooldownMinutes} onChange={(e) => setCooldownMinutes(e.target.value)} required />
        </Field>
        <Field label="Scope" error={errors.scope}>
          <Select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="all">All assets and models</option>
            <option value="asset">One asset</option>
            <option value="model">One model</option>
          </Select>
        </Field>
        {scope !== "all" && (
          <Field label={scope === "asset" ? "Asset id" : "Model id"} error={errors.assetId ?? errors.modelId}>
            <Input value={scopeId} onChange={(e) => setScopeId(e.target.value)} required placeholder="uuid" />
          </Field>
        )}
        <Field label="Email to" error={errors["channels.emails"]} hint="Comma-separated; needs SMTP_URL">
          <Input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="ops@example.com" />
        </Field>
        {endpoints.length > 0 && (
          <fieldset className="text-sm sm:col-span-2">
            <legend className="font-medium">Webhooks</legend>
            {endpoints.map((ep) => (
              <label key={ep.id} className="mr-4 inline-flex items-center gap-1.5">
                <input type="checkbox" checked={hooks.includes(ep.id)} onChange={(e) => setHooks(e.target.checked ? [...hooks, ep.id] : hooks.filter((h) => h !== ep.id))} />
                {ep.name}
              </label>
            ))}
          </fieldset>
        )}
        <label className="inline-flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={openRetrainJob} onChange={(e) => setOpenRetrainJob(e.target.checked)} />
          Open a retraining job for the model when this fires
        </label>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            Add rule
          </Button>
          {create.error && needsGeneralMessage(errors, PLACED) && <p className="text-sm text-red-600">{create.error.message}</p>}
        </div>
      </form>
    </Card>
  );
}
