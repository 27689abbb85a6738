import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireUser("admin", "/api-keys");
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys authenticate the REST API (<code className="font-mono text-xs">Authorization: Bearer alm_…</code>). Each key has scopes and may be limited to some assets.
          </>
        }
      />
      <ApiKeysPanel />
    </>
  );
}
