import type { Metadata } from "next";
import { Suspense } from "react";
import { VersionCompare } from "@/components/models/version-compare";
import { PageHeader } from "@/components/ui/card";
import { LoadingState } from "@/components/ui/states";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Compare versions" };

export default async function CompareVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser("viewer", `/models/${id}/compare`);
  return (
    <>
      <PageHeader title="Compare versions" />
      <Suspense fallback={<LoadingState />}>
        <VersionCompare modelId={id} />
      </Suspense>
    </>
  );
}
