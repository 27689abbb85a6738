import type { Metadata } from "next";
import { CsvImportForm } from "@/components/imports/csv-import-form";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Import" };

export default async function ImportsPage() {
  await requireUser("analyst", "/imports");
  return (
    <>
      <PageHeader title="Import CSV" description="Load observations from a CSV file into an asset's series." />
      <CsvImportForm />
    </>
  );
}
