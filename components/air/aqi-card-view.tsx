/**
 * Today's AQI for a city, as a card: the category colour with the number, the primary pollutant, what the
 * level means and the advice for sensitive groups and everyone else, with switches for the standard (US EPA /
 * China HJ 633) and the language (English / 简体中文). Presentational: data in, no fetching.
 */
import type { ReactNode } from "react";
import type { CityAqi } from "@/server/air/schemas";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export type AqiStandardChoice = CityAqi["standard"];
export type AqiLang = "en" | "zh";

export const POLLUTANT_LABEL: Record<string, string> = { pm25: "PM2.5", pm10: "PM10", o3: "O₃", co: "CO", so2: "SO₂", no2: "NO₂" };
export const AVERAGING_LABEL: Record<AqiLang, Record<string, string>> = {
  en: { "1h": "1-h", "8h": "8-h", "24h": "24-h" },
  zh: { "1h": "1小时", "8h": "8小时", "24h": "24小时" },
};
export const STANDARD_LABEL: Record<AqiStandardChoice, Record<AqiLang, string>> = {
  epa: { en: "US EPA", zh: "美国 EPA" },
  china: { en: "China HJ 633", zh: "中国 HJ 633" },
};
const T = {
  title: { en: "Air quality index", zh: "空气质量指数" },
  primary: { en: "Primary pollutant", zh: "首要污染物" },
  none: { en: "none (AQI ≤ 50)", zh: "无（AQI ≤ 50）" },
  sensitive: { en: "Sensitive groups", zh: "敏感人群" },
  everyone: { en: "Everyone else", zh: "一般人群" },
  noAdvice: { en: "No precautions needed.", zh: "无需特别防护。" },
  subIndices: { en: "Sub-indices", zh: "分指数" },
  noData: { en: "No pollutant readings for this day.", zh: "当日无污染物数据。" },
} as const;

export const pollutantLabel = (p: { pollutant: string; averaging: string }, lang: AqiLang) => `${POLLUTANT_LABEL[p.pollutant] ?? p.pollutant} (${AVERAGING_LABEL[lang][p.averaging] ?? p.averaging})`;

/** Dark text on the light category colours (green, yellow, orange), white on the dark ones. */
export const textOn = (level: number) => (level <= 3 ? "#111827" : "#FFFFFF");

export function AqiCardView({
  data,
  standard,
  lang,
  onStandard,
  onLang,
  share,
}: {
  data: CityAqi;
  standard: AqiStandardChoice;
  lang: AqiLang;
  onStandard: (s: AqiStandardChoice) => void;
  onLang: (l: AqiLang) => void;
  /** The Share control (ShareAqiButton), shown beside the switches when the card has an AQI to share. */
  share?: ReactNode;
}) {
  const c = data.category;
  const shown = data.aqi === null ? "—" : data.beyondIndex ? "500+" : String(data.aqi);
  return (
    <Card className="mb-6 p-4 sm:p-5" data-testid="aqi-card" data-standard={standard} data-aqi={data.aqi ?? ""} data-level={c?.level ?? ""}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">
          {T.title[lang]}
          {data.date && <span className="ml-2 font-normal text-zinc-500">{data.date}</span>}
        </h2>
        <div className="flex flex-wrap items-start gap-2">
          <div className="flex gap-1" role="group" aria-label="AQI standard">
            {(["epa", "china"] as const).map((s) => (
              <Button key={s} size="sm" variant={s === standard ? "primary" : "secondary"} aria-pressed={s === standard} onClick={() => onStandard(s)} data-testid={`aqi-standard-${s}`}>
                {STANDARD_LABEL[s][lang]}
              </Button>
            ))}
          </div>
          <div className="flex gap-1" role="group" aria-label="Language">
            {(["en", "zh"] as const).map((l) => (
              <Button key={l} size="sm" variant={l === lang ? "primary" : "secondary"} aria-pressed={l === lang} onClick={() => onLang(l)} data-testid={`aqi-lang-${l}`}>
                {l === "en" ? "EN" : "中文"}
              </Button>
            ))}
          </div>
          {c !== null && share}
        </div>
      </div>

      {c === null ? (
        <p className="text-sm text-zinc-500">{T.noData[lang]}</p>
      ) : (
        <div className="flex flex-col gap-4 sm:flex-row">
          <div
            className="flex min-w-36 flex-col items-center justify-center rounded-xl px-4 py-3"
            style={{ backgroundColor: c.color, color: textOn(c.level) }}
            data-testid="aqi-badge"
            data-color={c.color}
          >
            <span className="text-4xl font-bold tabular-nums" data-testid="aqi-value">
              {shown}
            </span>
            <span className="text-center text-sm font-medium" data-testid="aqi-category">
              {c.name[lang]}
            </span>
          </div>
          <div className="min-w-0 flex-1 space-y-2 text-sm">
            <p data-testid="aqi-primary">
              <span className="font-medium text-zinc-600 dark:text-zinc-400">{T.primary[lang]}: </span>
              {data.primary.length ? data.primary.map((p) => pollutantLabel(p, lang)).join(", ") : T.none[lang]}
            </p>
            <p data-testid="aqi-meaning">{c.meaning[lang]}</p>
            {c.sensitiveGroups || c.generalPublic ? (
              <ul className="space-y-1" data-testid="aqi-advice">
                {c.sensitiveGroups && (
                  <li>
                    <span className="font-medium">{T.sensitive[lang]}: </span>
                    {c.sensitiveGroups[lang]}
                  </li>
                )}
                {c.generalPublic && (
                  <li>
                    <span className="font-medium">{T.everyone[lang]}: </span>
                    {c.generalPublic[lang]}
                  </li>
                )}
              </ul>
            ) : (
              <p data-testid="aqi-advice">{T.noAdvice[lang]}</p>
            )}
            <details className="text-xs text-zinc-500">
              <summary className="cursor-pointer">{T.subIndices[lang]}</summary>
              <ul className="mt-1 grid grid-cols-1 gap-x-4 sm:grid-cols-2" data-testid="aqi-sub-indices">
                {data.subIndices.map((s) => (
                  <li key={s.metric}>
                    {pollutantLabel(s, lang)} {s.concentration} {s.unit} → <span className="font-medium tabular-nums">{s.beyondIndex ? "500+" : s.index}</span>
                  </li>
                ))}
                {data.skipped.map((s) => (
                  <li key={`skip-${s.metric}`} className="italic">
                    {s.metric}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          </div>
        </div>
      )}
    </Card>
  );
}
