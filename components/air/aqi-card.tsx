"use client";
/**
 * Today's AQI card on a city's asset page: the asset comes from the same `assets.get` query the page runs
 * (one request), the AQI from `air.cityAqi`, and below it the 7-day outlook from `air.cityOutlook`. Renders nothing for other kinds of asset, or a city without
 * pollutant series.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { AqiCardView, type AqiLang, type AqiStandardChoice } from "./aqi-card-view";
import { AqiOutlook } from "./aqi-outlook";
import { ShareAqiButton } from "./share-aqi-button";

export function AqiCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const asset = useQuery(trpc.assets.get.queryOptions({ idOrSlug: slug }));
  const [standard, setStandard] = useState<AqiStandardChoice>("epa");
  const [lang, setLang] = useState<AqiLang>("en");
  const isCity = asset.data?.kind === "city";
  const aqi = useQuery({ ...trpc.air.cityAqi.queryOptions({ assetId: asset.data?.id ?? "", standard }), enabled: isCity, placeholderData: keepPreviousData });
  if (!isCity) return null;
  if (aqi.isPending) return <LoadingState label="Computing the AQI…" />;
  if (aqi.isError) return <ErrorState error={aqi.error} onRetry={() => aqi.refetch()} />;
  if (aqi.data.date === null) return null;
  return (
    <>
      <AqiCardView
        data={aqi.data}
        standard={standard}
        lang={lang}
        onStandard={setStandard}
        onLang={setLang}
        // Keyed so a link made for one standard or language is not shown after switching to another.
        share={<ShareAqiButton key={`${standard}-${lang}`} assetId={aqi.data.assetId} date={aqi.data.date} standard={standard} lang={lang} />}
      />
      <AqiOutlook assetId={aqi.data.assetId} standard={standard} lang={lang} />
    </>
  );
}
