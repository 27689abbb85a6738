"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ASSET_KINDS } from "@/server/assets/schemas";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import { Spinner } from "@/components/ui/states";
import { fieldErrorsOf, needsGeneralMessage } from "@/components/ui/trpc-errors";

const NEW = "__new__";
const PLACED = ["assetSlug", "newAsset.name", "newAsset.timezone", "csv", "options.timestampColumn", "options.timezone"];

export function CsvImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const assets = useQuery(trpc.assets.list.queryOptions());
  const [target, setTarget] = useState<string>("");
  const [fileError, setFileError] = useState<string | null>(null);
  const importCsv = useMutation(
    trpc.imports.csv.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.assets.pathKey() }),
    }),
  );
  const errors = fieldErrorsOf(importCsv.error);
  const rowOfError = (importCsv.error?.data as { row?: number | null } | undefined)?.row;
  const chosen = target || assets.data?.[0]?.slug || NEW;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setFileError("Choose a CSV file");
      return;
    }
    setFileError(null);
    const csv = await file.text();
    const creating = chosen === NEW;
    const timestampColumn = String(f.get("timestampColumn") ?? "").trim();
    const timezone = String(f.get("timezone") ?? "").trim();
    importCsv.mutate({
      assetSlug: creating ? String(f.get("slug") ?? "").trim() : chosen,
      newAsset: creating
        ? { name: String(f.get("name") ?? "").trim(), kind: String(f.get("kind")) as (typeof ASSET_KINDS)[number], timezone: timezone || "UTC" }
        : undefined,
      csv,
      options: { ...(timestampColumn ? { timestampColumn } : {}), ...(timezone ? { timezone } : {}) },
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <Card className="p-5 lg:col-span-3">
        <form onSubmit={onSubmit} className="space-y-4" data-testid="csv-import-form" noValidate>
          <Field label="Asset" error={errors.assetSlug}>
            <Select name="asset" value={chosen} onChange={(e) => setTarget(e.target.value)} data-testid="import-asset">
              {assets.data?.map((a) => (
                <option key={a.id} value={a.slug}>
                  {a.name} ({a.slug})
                </option>
              ))}
              <option value={NEW}>New asset…</option>
            </Select>
          </Field>
          {chosen === NEW && (
            <div className="grid gap-4 rounded-lg bg-zinc-50 p-4 sm:grid-cols-3 dark:bg-zinc-950/60">
              <Field label="Slug" error={errors.assetSlug} hint="lower-case, digits, dashes">
                <Input name="slug" required placeholder="plant-7" data-testid="import-new-slug" />
              </Field>
              <Field label="Name" error={errors["newAsset.name"]}>
                <Input name="name" required placeholder="Plant 7" data-testid="import-new-name" />
              </Field>
              <Field label="Kind">
                <Select name="kind" defaultValue="meter">
                  {ASSET_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
          )}
          <Field label="CSV file" error={fileError ?? errors.csv} hint="First row is the header: a timestamp column and one column per metric.">
            <Input name="file" type="file" accept=".csv,text/csv" className="file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-2 file:py-1 dark:file:bg-zinc-800" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Timestamp column (optional)" error={errors["options.timestampColumn"]} hint="Default: timestamp, ts, time, date or the first column">
              <Input name="timestampColumn" placeholder="timestamp" />
            </Field>
            <Field label="Time zone of naive timestamps (optional)" error={errors["options.timezone"] ?? errors["newAsset.timezone"]} hint="IANA name; default the asset's zone">
              <Input name="timezone" placeholder="Europe/London" />
            </Field>
          </div>
          {importCsv.error && needsGeneralMessage(errors, PLACED) && (
            <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/40 dark:text-red-300" role="alert" data-testid="import-error">
              {rowOfError && !/\brow \d+/i.test(importCsv.error.message) ? `Row ${rowOfError}: ` : ""}
              {importCsv.error.message}
            </p>
          )}
          <Button type="submit" disabled={importCsv.isPending} data-testid="import-submit">
            {importCsv.isPending && <Spinner />} Import
          </Button>
        </form>
      </Card>
      <Card className="p-5 lg:col-span-2">
        <h2 className="text-sm font-semibold">Result</h2>
        {importCsv.data ? (
          <div className="mt-3 space-y-2 text-sm" data-testid="import-result">
            <p>
              {formatNumber(importCsv.data.rowsRead, 0)} rows read, {formatNumber(importCsv.data.rowsInserted, 0)} points new,{" "}
              {formatNumber(importCsv.data.rowsUpdated, 0)} updated, {formatNumber(importCsv.data.rowsUnchanged, 0)} unchanged
              {importCsv.data.cellsMissing ? `, ${formatNumber(importCsv.data.cellsMissing, 0)} empty cells skipped` : ""}.
            </p>
            <p className="text-zinc-500">Series: {importCsv.data.series.map((s) => s.metric).join(", ")}</p>
            <Link href={`/assets/${importCsv.data.assetSlug}`} className="inline-block font-medium text-brand-600 underline underline-offset-2">
              Open {importCsv.data.assetSlug}
            </Link>
          </div>
        ) : (
          <p className="mt-3 text-sm text-zinc-500">
            The whole file is imported in one transaction: a bad row (reported with its number) leaves the data unchanged. Re-importing the same file changes nothing.
          </p>
        )}
      </Card>
    </div>
  );
}
