import type { Metadata } from "next";
import { Suspense } from "react";
import { getArtifactStore } from "@/inngest/deps";
import { FeatureImportance } from "@/components/models/feature-importance";
import { VersionDetail } from "@/components/models/version-detail";
import { PageHeader } from "@/components/ui/card";
import { LoadingState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/require-user";
import { getCache } from "@/server/cache";
import { getDb } from "@/server/db";
import { getVersionImportance } from "@/server/explain";

export const metadata: Metadata = { title: "Model version" };

export default async function VersionPage({ params }: { params: Promise<{ versionId: string }> }) {
  const { versionId } = await params;
  const user = await requireUser("viewer", `/models/versions/${versionId}`);
  return (
    <>
      <PageHeader title="Model version" />
      <VersionDetail versionId={versionId} canEdit={hasRole(user.role, "analyst")} />
      <div className="mt-6">
        <Suspense fallback={<LoadingState label="Computing feature importance…" />}>
          <VersionImportance versionId={versionId} />
        </Suspense>
      </div>
    </>
  );
}

/** Streams in after the rest of the page: TreeSHAP over a few hundred rows (cached per version afterwards). */
async function VersionImportance({ versionId }: { versionId: string }) {
  const importance = await getVersionImportance(await getDb(), { artifacts: getArtifactStore(), cache: await getCache() }, { versionId }).catch(
    (err: Error) => ({ available: false as const, reason: `feature importance is unavailable: ${err.message}` }),
  );
  return <FeatureImportance importance={importance} />;
}
