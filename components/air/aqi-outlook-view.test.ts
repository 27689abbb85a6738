import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CityOutlook } from "@/server/air/schemas";
import { AqiOutlookView, dayLabel, percent } from "./aqi-outlook-view";

const usg = { level: 3, name: { en: "Unhealthy for Sensitive Groups", zh: "对敏感人群不健康" }, color: "#FF7E00", colorName: { en: "Orange", zh: "橙色" }, meaning: { en: "m", zh: "m" }, sensitiveGroups: null, generalPublic: null };
const hazardous = { ...usg, level: 6, name: { en: "Hazardous", zh: "危险" }, color: "#7E0023" };
const data: CityOutlook = {
  assetId: "00000000-0000-4000-8000-000000000001",
  standard: "epa",
  days: [
    { date: "2024-01-11", aqi: 112, category: usg, primary: ["pm25"], nextLevel: 4, pExceedNext: 0.0271, pollutants: [] },
    { date: "2024-01-12", aqi: 350, category: hazardous, primary: ["pm25"], nextLevel: null, pExceedNext: null, pollutants: [] },
  ],
  sources: [{ metric: "pm25", modelId: "00000000-0000-4000-8000-000000000002", versionId: "00000000-0000-4000-8000-000000000003", algorithm: "gbdt", originTs: "2024-01-10T00:00:00.000Z", stale: false, covariates: { past: [], future: ["temp_c"] } }],
  weatherNote: "the stored observed weather stands in for forecast weather",
};

describe("AqiOutlookView", () => {
  it("shows each day's AQI in its category colour, the chance of the next level, and the weather note", () => {
    const html = renderToStaticMarkup(h(AqiOutlookView, { data, lang: "en" }));
    expect(html).toContain('data-aqi="112"');
    expect(html).toContain("background-color:#FF7E00");
    expect(html).toContain("next level 3 %");
    expect(html).toContain("top level");
    expect(html).toContain("Thu 01-11");
    expect(html).toContain("observed weather stands in");
    expect(renderToStaticMarkup(h(AqiOutlookView, { data, lang: "zh" }))).toContain("周四 01-11");
  });

  it("renders nothing without days", () => {
    expect(renderToStaticMarkup(h(AqiOutlookView, { data: { ...data, days: [] }, lang: "en" }))).toBe("");
  });

  it("percent never rounds a small chance to 0 or a large one to 100", () => {
    expect(percent(0.004)).toBe("<1 %");
    expect(percent(0.996)).toBe(">99 %");
    expect(percent(0)).toBe("0 %");
    expect(percent(0.5)).toBe("50 %");
    expect(percent(null)).toBe("—");
    expect(dayLabel("2024-01-14", "en")).toBe("Sun 01-14");
  });
});
