/**
 * The shareable AQI card as a 1200×630 picture, for next/og (satori): city, day, the AQI on its category
 * colour with the category, primary pollutant, the advice line and a small PM2.5 trend (the served 7-day
 * forecast, else the last 14 days, labelled as such). Satori lays out flexbox only and reads inline styles,
 * so every box with several children says `display: flex`. Presentational: data in.
 */
import type { ShareCard } from "@/server/air/get-share-card";
import { pollutantLabel, STANDARD_LABEL, textOn } from "./aqi-card-view";

export const SHARE_CARD_WIDTH = 1200;
export const SHARE_CARD_HEIGHT = 630;
export const SHARE_CARD_FONT = "Noto Sans SC";
/** Sub- and superscript digits (NO₂, O₃), which Noto Sans CJK lacks. */
export const SHARE_CARD_FALLBACK_FONT = "DejaVu Sans";

/** Every fixed label the card draws, in both languages (share-card-fonts.test.ts checks the font covers them). */
export const SHARE_CARD_TEXT = {
  title: { en: "Air quality index", zh: "空气质量指数" },
  primary: { en: "Primary pollutant", zh: "首要污染物" },
  none: { en: "none (AQI ≤ 50)", zh: "无（AQI ≤ 50）" },
  noAdvice: { en: "No precautions needed.", zh: "无需特别防护。" },
  noData: { en: "No pollutant readings for this day.", zh: "当日无污染物数据。" },
  sensitive: { en: "Sensitive groups", zh: "敏感人群" },
  forecast: { en: "PM2.5 forecast, next 7 days", zh: "PM2.5 预报，未来 7 天" },
  history: { en: "PM2.5, last 14 days (no forecast yet)", zh: "PM2.5 近 14 天（暂无预报）" },
  noTrend: { en: "No PM2.5 readings to draw", zh: "无 PM2.5 数据" },
} as const;

const CHART_W = 660;
const CHART_H = 110;

/** SVG path of the trend scaled into the chart box (a flat series draws mid-height). */
export function sparklinePath(values: readonly number[], width = CHART_W, height = CHART_H, pad = 6): string {
  if (values.length === 0) return "";
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => (hi === lo ? height / 2 : pad + ((hi - v) * (height - 2 * pad)) / (hi - lo));
  return values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`).join(" ");
}

export function adviceLine(card: ShareCard): string {
  const c = card.aqi.category;
  const lang = card.claims.lang;
  if (!c) return SHARE_CARD_TEXT.noData[lang];
  return c.generalPublic?.[lang] ?? c.sensitiveGroups?.[lang] ?? SHARE_CARD_TEXT.noAdvice[lang];
}

export function ShareCardImage({ card }: { card: ShareCard }) {
  const { lang, standard, date } = card.claims;
  const T = SHARE_CARD_TEXT;
  const c = card.aqi.category;
  const shown = card.aqi.aqi === null ? "—" : card.aqi.beyondIndex ? "500+" : String(card.aqi.aqi);
  const primary = card.aqi.primary.length ? card.aqi.primary.map((p) => pollutantLabel(p, lang)).join(", ") : T.none[lang];
  const values = card.trend?.points.map((p) => p.value) ?? [];
  const trendLabel = !card.trend ? T.noTrend[lang] : `${card.trend.kind === "forecast" ? T.forecast[lang] : T.history[lang]}${card.trend.unit ? ` (${card.trend.unit})` : ""}`;
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 0;
  const accent = c?.color ?? "#9CA3AF";
  return (
    <div style={{ width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT, display: "flex", flexDirection: "column", backgroundColor: "#FFFFFF", fontFamily: `"${SHARE_CARD_FONT}", "${SHARE_CARD_FALLBACK_FONT}"`, color: "#111827" }}>
      <div style={{ display: "flex", height: 16, backgroundColor: accent }} />
      <div style={{ display: "flex", flex: 1, padding: "40px 56px 28px 56px", gap: 48 }}>
        <div style={{ display: "flex", flexDirection: "column", alignItems: "center", justifyContent: "center", width: 340, borderRadius: 28, backgroundColor: accent, color: c ? textOn(c.level) : "#111827" }}>
          <div style={{ display: "flex", fontSize: 30 }}>AQI</div>
          <div style={{ display: "flex", fontSize: shown.length > 3 ? 120 : 150, fontWeight: 700, lineHeight: 1.1 }}>{shown}</div>
          <div style={{ display: "flex", fontSize: 38, fontWeight: 700, textAlign: "center", padding: "0 16px" }}>{c ? c.name[lang] : "—"}</div>
        </div>
        <div style={{ display: "flex", flexDirection: "column", flex: 1, minWidth: 0 }}>
          <div style={{ display: "flex", fontSize: 54, fontWeight: 700, lineHeight: 1.15 }}>{card.cityName}</div>
          <div style={{ display: "flex", fontSize: 28, color: "#4B5563", marginTop: 6 }}>{`${date} · ${T.title[lang]} · ${STANDARD_LABEL[standard][lang]}`}</div>
          <div style={{ display: "flex", fontSize: 28, marginTop: 22 }}>{`${T.primary[lang]}: ${primary}`}</div>
          <div style={{ display: "flex", fontSize: 28, marginTop: 14, lineHeight: 1.35, color: "#1F2937", maxHeight: 114, overflow: "hidden" }}>{adviceLine(card)}</div>
          <div style={{ display: "flex", flexDirection: "column", marginTop: "auto" }}>
            <div style={{ display: "flex", justifyContent: "space-between", width: CHART_W, fontSize: 22, color: "#6B7280" }}>
              <span>{trendLabel}</span>
              {values.length > 0 && <span>{`${Math.round(lo)}–${Math.round(hi)}`}</span>}
            </div>
            <svg width={CHART_W} height={CHART_H} viewBox={`0 0 ${CHART_W} ${CHART_H}`} style={{ marginTop: 6 }}>
              <rect x={0} y={0} width={CHART_W} height={CHART_H} rx={12} fill="#F3F4F6" />
              {values.length > 0 && <path d={sparklinePath(values)} fill="none" stroke={card.trend?.kind === "forecast" ? "#2F5BD3" : "#6B7280"} strokeWidth={4} strokeLinejoin="round" strokeLinecap="round" />}
            </svg>
          </div>
        </div>
      </div>
      <div style={{ display: "flex", padding: "0 56px 26px 56px", fontSize: 22, fontWeight: 700, color: "#2F5BD3" }}>Almanac</div>
    </div>
  );
}
