/**
 * /share/aqi/<token>: the public page of a shared AQI card, outside the signed-in shell (no session
 * needed). OpenGraph and Twitter tags point at the card's PNG so the link unfurls in chat apps. An invalid
 * token is a 404; an expired one says so.
 */
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { pollutantLabel, STANDARD_LABEL } from "@/components/air/aqi-card-view";
import { adviceLine, SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH } from "@/components/air/share-card-image";
import type { ShareCard } from "@/server/air/get-share-card";
import { shareImagePath, sharePagePath } from "@/server/air/create-share-link";
import { shareOrigin } from "@/server/air/share-origin";
import { loadShareCard } from "./load-share-card";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ token: string }>;
}

const T = {
  heading: { en: "Air quality", zh: "空气质量" },
  expired: { en: "This share link has expired.", zh: "此分享链接已过期。" },
  expiredHint: { en: "Ask whoever sent it for a new one.", zh: "请向分享者索取新链接。" },
  aqi: { en: "AQI", zh: "AQI" },
  primary: { en: "Primary pollutant", zh: "首要污染物" },
  none: { en: "none", zh: "无" },
  noData: { en: "no reading", zh: "无数据" },
  footer: { en: "Shared from Almanac. This link works until", zh: "分享自 Almanac。链接有效期至" },
} as const;

function summary(card: ShareCard): { title: string; description: string; alt: string } {
  const { lang, date, standard } = card.claims;
  const c = card.aqi.category;
  const aqi = card.aqi.aqi === null ? T.noData[lang] : card.aqi.beyondIndex ? "500+" : String(card.aqi.aqi);
  const title = `${card.cityName} ${date}: ${T.aqi[lang]} ${aqi}${c ? ` (${c.name[lang]})` : ""}`;
  const description = `${adviceLine(card)} · ${STANDARD_LABEL[standard][lang]}`;
  return { title, description, alt: `${T.heading[lang]}: ${title}` };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const loaded = await loadShareCard(token);
  if (loaded.status !== "ok") return { title: loaded.status === "expired" ? "Share link expired" : "Share link not found", robots: { index: false } };
  const origin = shareOrigin(await headers());
  const { title, description, alt } = summary(loaded.card);
  const image = { url: `${origin}${shareImagePath(token)}`, width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT, alt, type: "image/png" };
  return {
    metadataBase: new URL(origin),
    // The root layout's template would append " · Almanac"; a shared card names the city first.
    title: { absolute: title },
    description,
    robots: { index: false },
    openGraph: { type: "website", title, description, url: `${origin}${sharePagePath(token)}`, siteName: "Almanac", images: [image] },
    twitter: { card: "summary_large_image", title, description, images: [image] },
  };
}

export default async function SharedAqiCardPage({ params }: Props) {
  const { token } = await params;
  const loaded = await loadShareCard(token);
  if (loaded.status === "not_found") return notFound();
  if (loaded.status === "expired") {
    return (
      <main className="mx-auto max-w-xl px-4 py-16 text-center" data-testid="share-expired">
        <h1 className="text-lg font-semibold">{T.expired.en}</h1>
        <p className="mt-2 text-sm text-zinc-500">{T.expiredHint.en}</p>
      </main>
    );
  }
  const { card, expiresAt } = loaded;
  const { lang } = card.claims;
  const { title, alt } = summary(card);
  const primary = card.aqi.primary.length ? card.aqi.primary.map((p) => pollutantLabel(p, lang)).join(", ") : T.none[lang];
  return (
    <main lang={lang === "zh" ? "zh-CN" : "en"} className="mx-auto max-w-5xl px-4 py-8" data-testid="share-page">
      <h1 className="mb-4 text-xl font-semibold">{title}</h1>
      {/* The PNG is the card; a plain <img> because it is generated per token, not a static asset for next/image. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={shareImagePath(token)} width={SHARE_CARD_WIDTH} height={SHARE_CARD_HEIGHT} alt={alt} className="h-auto w-full rounded-xl border border-zinc-200 shadow-sm dark:border-zinc-800" data-testid="share-card-image" />
      <dl className="mt-4 grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline font-medium">{T.primary[lang]}: </dt>
          <dd className="inline">{primary}</dd>
        </div>
        <div>
          <dd data-testid="share-advice">{adviceLine(card)}</dd>
        </div>
      </dl>
      <p className="mt-6 text-xs text-zinc-500">
        {T.footer[lang]} {expiresAt.toISOString().slice(0, 10)}.
      </p>
    </main>
  );
}
