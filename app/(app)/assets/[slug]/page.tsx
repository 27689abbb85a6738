import { AssetView } from "@/components/assets/asset-view";
import { requireUser } from "@/server/auth/require-user";

export default async function AssetPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireUser("viewer", `/assets/${encodeURIComponent(slug)}`);
  return <AssetView slug={slug} />;
}
