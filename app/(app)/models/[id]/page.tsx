import type { Metadata } from "next";
import { ModelDetail } from "@/components/models/model-detail";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser("viewer", `/models/${id}`);
  return (
    <>
      <PageHeader title="Model versions" />
      <ModelDetail modelId={id} canEdit={hasRole(user.role, "analyst")} />
    </>
  );
}
