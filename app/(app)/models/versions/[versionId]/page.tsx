import type { Metadata } from "next";
import { VersionDetail } from "@/components/models/version-detail";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Model version" };

export default async function VersionPage({ params }: { params: Promise<{ versionId: string }> }) {
  const { versionId } = await params;
  const user = await requireUser("viewer", `/models/versions/${versionId}`);
  return (
    <>
      <PageHeader title="Model version" />
      <VersionDetail versionId={versionId} canEdit={hasRole(user.role, "analyst")} />
    </>
  );
}
