import type { Metadata } from "next";
import { AnomaliesPanel } from "@/components/anomalies/anomalies-panel";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Anomalies" };

export default async function AnomaliesPage() {
  const user = await requireUser("viewer", "/anomalies");
  return (
    <>
      <PageHeader title="Anomalies" description="Spikes, level shifts, stuck sensors and gaps found in readings as they arrive." />
      <AnomaliesPanel canAcknowledge={hasRole(user.role, "analyst")} />
    </>
  );
}
