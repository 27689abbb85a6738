import type { Metadata } from "next";
import { JobsTable } from "@/components/jobs/jobs-table";
import { StartTrainingForm } from "@/components/jobs/start-training-form";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ asset?: string }> }) {
  const user = await requireUser("viewer", "/jobs");
  const { asset } = await searchParams;
  return (
    <>
      <PageHeader title="Jobs" description="Training, scheduled ingestion, backfills and forecast refreshes, with live progress." />
      {hasRole(user.role, "analyst") && <StartTrainingForm defaultAsset={asset} />}
      <JobsTable />
    </>
  );
}
