/**
 * The 7-day AQI outlook strip under the AQI card: per day the AQI of the forecast medians in the category
 * colour, the category, and the probability of reaching the next category up; which weather the forecasts
 * used, said in words. Presentational: data in, no fetching.
 */
import type { CityOutlook } from "@/server/air/schemas";
import { Card } from "@/components/ui/card";
import { POLLUTANT_LABEL, textOn, type AqiLang } from "./aqi-card-view";

const T = {
  title: { en: "Outlook", zh: "空气质量预报" },
  next: { en: "next level", zh: "升级概率" },
  top: { en: "top level", zh: "已为最高级" },
  noAqi: { en: "no index", zh: "无指数" },
  note: { en: "AQI of the forecast medians; the chance of the next level is a lower bound (the largest over pollutants).", zh: "按预报中位数计算的 AQI；升级概率为各污染物中的最大值（下限）。" },
} as const;

const WEEKDAY: Record<AqiLang, string[]> = {
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  zh: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
};

/** "Tue 01-12" / "周二 01-12" for a YYYY-MM-DD day. */
export function dayLabel(date: string, lang: AqiLang): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAY[lang][d.getUTCDay()]} ${date.slice(5)}`;
}

/** A probability as a whole percent, with "<1 %" and ">99 %" at the ends (never a false 0 or 100). */
export function percent(p: number | null): string {
  if (p === null) return "—";
  if (p > 0 && p < 0.01) return "<1 %";
  if (p < 1 && p > 0.99) return ">99 %";
  return `${Math.round(p * 100)} %`;
}

export function AqiOutlookView({ data, lang }: { data: CityOutlook; lang: AqiLang }) {
  if (data.days.length === 0) return null;
  return (
    <Card className="mb-6 p-4 sm:p-5" data-testid="aqi-outlook" data-standard={data.standard}>
      <h2 className="mb-3 text-sm font-semibold">
        {T.title[lang]}
        <span className="ml-2 font-normal text-zinc-500">{data.sources.map((s) => POLLUTANT_LABEL[s.metric] ?? s.metric).join(" · ")}</span>
      </h2>
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" data-testid="aqi-outlook-days">
        {data.days.map((d) => (
          <li
            key={d.date}
            className="flex flex-col items-center rounded-lg px-2 py-2 text-center"
            style={d.category ? { backgroundColor: d.category.color, color: textOn(d.category.level) } : undefined}
            data-testid="aqi-outlook-day"
            data-date={d.date}
            data-aqi={d.aqi ?? ""}
            data-level={d.category?.level ?? ""}
          >
            <span className="text-xs font-medium">{dayLabel(d.date, lang)}</span>
            <span className="text-2xl font-bold tabular-nums">{d.aqi ?? "—"}</span>
            <span className="text-xs">{d.category ? d.category.name[lang] : T.noAqi[lang]}</span>
            <span className="mt-1 text-xs tabular-nums" data-testid="aqi-outlook-next" title={d.nextLevel ? `P(level ≥ ${d.nextLevel})` : undefined}>
              {d.nextLevel === null ? T.top[lang] : `${T.next[lang]} ${percent(d.pExceedNext)}`}
            </span>
          </li>
        ))}
      </ol>
      <p className="mt-3 text-xs text-zinc-500" data-testid="aqi-outlook-note">
        {T.note[lang]} {data.weatherNote}
      </p>
    </Card>
  );
}
