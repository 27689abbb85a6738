import { AqiCard } from "@/components/air/aqi-card";
import { AssetView } from "@/components/assets/asset-view";
import { requireUser } from "@/server/auth/require-user";

export default async function AssetPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireUser("viewer", `/assets/${encodeURIComponent(slug)}`);
  return (
    <>
      {/* Today's AQI on city pages; renders nothing for other assets. */}
      <AqiCard slug={slug} />
      <AssetView slug={slug} />
    </>
  );
}
