import type { Metadata } from "next";
import { AssetsTable } from "@/components/assets/assets-table";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Assets" };

export default async function AssetsPage() {
  await requireUser("viewer", "/assets");
  return (
    <>
      <PageHeader title="Assets" description="Cities, meters and tickers with their time series." />
      <AssetsTable />
    </>
  );
}
