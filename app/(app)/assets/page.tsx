import type { Metadata } from "next";
import Link from "next/link";
import { AssetsTable } from "@/components/assets/assets-table";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Assets" };

export default async function AssetsPage() {
  await requireUser("viewer", "/assets");
  return (
    <>
      <PageHeader
        title="Assets"
        description="Cities, meters and tickers with their time series."
        actions={
          <Link href="/compare" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900" data-testid="compare-link">
            Compare assets
          </Link>
        }
      />
      <AssetsTable />
    </>
  );
}
