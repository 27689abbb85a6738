import type { Metadata } from "next";
import { ModelsTable } from "@/components/models/models-table";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  const user = await requireUser("viewer", "/models");
  return (
    <>
      <PageHeader title="Models" description="One model per asset, metric and horizon; each training job adds a version." />
      <ModelsTable canEdit={hasRole(user.role, "analyst")} />
    </>
  );
}
