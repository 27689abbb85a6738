"use client";
/**
 * The city's 7-day AQI outlook (air.cityOutlook) in the standard and language the AQI card shows. Renders
 * nothing while loading a city without served forecasts; an error says so with a retry.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { ErrorState } from "@/components/ui/states";
import type { AqiLang, AqiStandardChoice } from "./aqi-card-view";
import { AqiOutlookView } from "./aqi-outlook-view";

export function AqiOutlook({ assetId, standard, lang }: { assetId: string; standard: AqiStandardChoice; lang: AqiLang }) {
  const trpc = useTRPC();
  const outlook = useQuery({ ...trpc.air.cityOutlook.queryOptions({ assetId, standard }), placeholderData: keepPreviousData });
  if (outlook.isPending) return null;
  if (outlook.isError) return <ErrorState error={outlook.error} onRetry={() => outlook.refetch()} />;
  return <AqiOutlookView data={outlook.data} lang={lang} />;
}
