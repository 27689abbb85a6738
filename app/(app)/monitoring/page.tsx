import type { Metadata } from "next";
import { MonitoringTable } from "@/components/monitoring/monitoring-table";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage() {
  await requireUser("viewer", "/monitoring");
  return (
    <>
      <PageHeader title="Monitoring" description="What each champion promised in its backtest, and what its served forecasts delivered once the actuals arrived." />
      <MonitoringTable />
    </>
  );
}
