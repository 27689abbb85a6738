import type { Metadata } from "next";
import { AlertInbox } from "@/components/alerts/alert-inbox";
import { AlertRulesPanel } from "@/components/alerts/alert-rules-panel";
import { WebhookEndpointsPanel } from "@/components/alerts/webhook-endpoints-panel";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const user = await requireUser("viewer", "/alerts");
  return (
    <>
      <PageHeader title="Alerts" description="Rules on coverage, accuracy, drift, ingests, jobs and anomalies; delivered to this inbox, signed webhooks and email." />
      <div className="space-y-8">
        <AlertInbox />
        {hasRole(user.role, "analyst") && <AlertRulesPanel />}
        {hasRole(user.role, "admin") && <WebhookEndpointsPanel />}
      </div>
    </>
  );
}
