import type { Metadata } from "next";
import { Suspense } from "react";
import { CompareView } from "@/components/assets/compare-view";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Compare" };

export default async function ComparePage() {
  await requireUser("viewer", "/compare");
  return (
    <>
      <PageHeader title="Compare" description="Several assets' series of one metric on one chart (cities side by side, the meters of a plant), with a ranked table." />
      <Suspense>
        <CompareView />
      </Suspense>
    </>
  );
}
