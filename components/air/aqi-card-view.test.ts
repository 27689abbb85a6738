import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CityAqi } from "@/server/air/schemas";
import { AqiCardView, pollutantLabel, textOn, type AqiLang, type AqiStandardChoice } from "./aqi-card-view";

const china: CityAqi = {
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
  subIndices: [
    { pollutant: "pm25", averaging: "24h", metric: "pm25", concentration: 180.1, unit: "µg/m³", index: 231, beyondIndex: false },
    { pollutant: "o3", averaging: "8h", metric: "o3_8h_max", concentration: 21.5, unit: "µg/m³", index: 11, beyondIndex: false },
  ],
  primary: [{ pollutant: "pm25", averaging: "24h" }],
  skipped: [{ metric: "o3_1h_max", reason: "no reading that day" }],
};

const render = (data: CityAqi, lang: AqiLang = "en", standard: AqiStandardChoice = data.standard) =>
  renderToStaticMarkup(h(AqiCardView, { data, standard, lang, onStandard: () => {}, onLang: () => {} }));

describe("AqiCardView", () => {
  it("shows the number on the category colour, the category, primary pollutant and advice", () => {
    const html = render(china);
    expect(html).toContain('data-color="#99004C"');
    expect(html).toMatch(/background-color:#99004C;color:#FFFFFF/);
    expect(html).toMatch(/data-testid="aqi-value">231</);
    expect(html).toMatch(/data-testid="aqi-category">Heavily polluted</);
    expect(html).toMatch(/Primary pollutant: <\/span>PM2.5 \(24-h\)/);
    expect(html).toContain("Stay indoors.");
    expect(html).toContain("Reduce outdoor exercise.");
    expect(html).toContain("2014-01-15");
    expect(html).toContain("o3_1h_max: no reading that day");
  });

  it("speaks Chinese when asked and marks the chosen standard and language pressed", () => {
    const html = render(china, "zh");
    expect(html).toMatch(/data-testid="aqi-category">重度污染</);
    expect(html).toMatch(/首要污染物: <\/span>PM2.5 \(24小时\)/);
    expect(html).toContain("一般人群减少户外运动");
    expect(html).toMatch(/aria-pressed="true"[^>]*data-testid="aqi-standard-china"/);
    expect(html).toMatch(/aria-pressed="false"[^>]*data-testid="aqi-standard-epa"/);
    expect(html).toMatch(/aria-pressed="true"[^>]*data-testid="aqi-lang-zh"/);
  });

  it("says 500+ beyond the index, 'none' without a primary pollutant, and no advice when none is needed", () => {
    expect(render({ ...china, aqi: 500, beyondIndex: true })).toMatch(/data-testid="aqi-value">500\+</);
    const clean = render({
      ...china,
      aqi: 30,
      primary: [],
      category: { ...china.category!, level: 1, name: { en: "Excellent", zh: "优" }, color: "#00E400", sensitiveGroups: null, generalPublic: null },
    });
    expect(clean).toContain("none (AQI ≤ 50)");
    expect(clean).toContain("No precautions needed.");
    expect(clean).toMatch(/color:#111827/);
  });

  it("says there is no reading when the AQI is null", () => {
    expect(render({ ...china, aqi: null, category: null, subIndices: [], primary: [] })).toContain("No pollutant readings for this day.");
  });

  it("labels pollutants and picks readable text colours", () => {
    expect(pollutantLabel({ pollutant: "no2", averaging: "1h" }, "en")).toBe("NO₂ (1-h)");
    expect([1, 2, 3, 4, 5, 6].map(textOn)).toEqual(["#111827", "#111827", "#111827", "#FFFFFF", "#FFFFFF", "#FFFFFF"]);
  });

  it("shows the Share control beside the switches when there is an AQI, not when there is none", () => {
    const share = h("button", { "data-testid": "aqi-share" }, "Share");
    const withAqi = renderToStaticMarkup(h(AqiCardView, { data: china, standard: "china", lang: "en", onStandard: () => {}, onLang: () => {}, share }));
    expect(withAqi).toContain('data-testid="aqi-share"');
    const none = renderToStaticMarkup(h(AqiCardView, { data: { ...china, aqi: null, category: null, subIndices: [], primary: [] }, standard: "china", lang: "en", onStandard: () => {}, onLang: () => {}, share }));
    expect(none).not.toContain('data-testid="aqi-share"');
  });
});
