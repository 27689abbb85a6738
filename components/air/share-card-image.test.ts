import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ShareCard } from "@/server/air/get-share-card";
import { adviceLine, ShareCardImage, sparklinePath } from "./share-card-image";

const card: ShareCard = {
  claims: { assetId: "00000000-0000-4000-8000-000000000001", date: "2014-01-15", standard: "china", lang: "en" },
  cityName: "Beijing Dongsi",
  aqi: {
    assetId: "00000000-0000-4000-8000-000000000001",
    standard: "china",
    date: "2014-01-15",
    aqi: 231,
    beyondIndex: false,
    category: {
      level: 5,
      name: { en: "Heavily polluted", zh: "重度污染" },
      color: "#99004C",
      colorName: { en: "Purple", zh: "紫色" },
      meaning: { en: "Symptoms are markedly aggravated.", zh: "心脏病和肺病患者症状显著加剧" },
      sensitiveGroups: { en: "Stay indoors.", zh: "应停留在室内" },
      generalPublic: { en: "Reduce outdoor exercise.", zh: "一般人群减少户外运动" },
    },
    subIndices: [],
    primary: [{ pollutant: "pm25", averaging: "24h" }],
    skipped: [],
  },
  trend: { kind: "history", metric: "pm25", unit: "µg/m³", points: [10, 30, 20].map((value, i) => ({ ts: `2014-01-1${i}`, value })) },
};

describe("ShareCardImage", () => {
  it("draws the city, day, AQI on its colour, category, primary pollutant, advice and says the trend is history", () => {
    const html = renderToStaticMarkup(h(ShareCardImage, { card }));
    for (const text of ["Beijing Dongsi", "2014-01-15", ">231<", "Heavily polluted", "Primary pollutant: PM2.5 (24-h)", "Reduce outdoor exercise.", "PM2.5, last 14 days (no forecast yet) (µg/m³)", "10–30"]) expect(html).toContain(text);
    expect(html).toMatch(/background-color:#99004C;color:#FFFFFF/);
    expect(html).toMatch(/<path d="M6\.0 104\.0 L330\.0 6\.0 L654\.0 55\.0"/);
  });

  it("speaks Chinese, labels a forecast, and copes with no AQI and no trend", () => {
    const zh = renderToStaticMarkup(h(ShareCardImage, { card: { ...card, claims: { ...card.claims, lang: "zh" }, trend: { ...card.trend!, kind: "forecast" } } }));
    for (const text of ["重度污染", "首要污染物: PM2.5 (24小时)", "一般人群减少户外运动", "PM2.5 预报，未来 7 天", "中国 HJ 633"]) expect(zh).toContain(text);
    const empty = renderToStaticMarkup(h(ShareCardImage, { card: { ...card, aqi: { ...card.aqi, aqi: null, category: null, primary: [] }, trend: null } }));
    expect(empty).toContain("No pollutant readings for this day.");
    expect(empty).toContain("No PM2.5 readings to draw");
    expect(empty).not.toContain("<path");
  });

  it("gives the everyone-else advice, else the sensitive groups', else none needed", () => {
    expect(adviceLine(card)).toBe("Reduce outdoor exercise.");
    expect(adviceLine({ ...card, aqi: { ...card.aqi, category: { ...card.aqi.category!, generalPublic: null } } })).toBe("Stay indoors.");
    expect(adviceLine({ ...card, aqi: { ...card.aqi, category: { ...card.aqi.category!, generalPublic: null, sensitiveGroups: null } } })).toBe("No precautions needed.");
  });

  it("scales the sparkline into its box; a flat or single-point series draws mid-height", () => {
    expect(sparklinePath([], 100, 50)).toBe("");
    expect(sparklinePath([5, 5], 100, 50, 0)).toBe("M0.0 25.0 L100.0 25.0");
    expect(sparklinePath([7], 100, 50, 0)).toBe("M50.0 25.0");
    expect(sparklinePath([0, 10], 100, 50, 0)).toBe("M0.0 50.0 L100.0 0.0");
  });
});
