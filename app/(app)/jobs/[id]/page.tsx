import type { Metadata } from "next";
import { JobDetail } from "@/components/jobs/job-detail";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser("viewer", `/jobs/${id}`);
  return (
    <>
      <PageHeader title="Job" description={<span className="font-mono text-xs">{id}</span>} />
      <JobDetail runId={id} />
    </>
  );
}
