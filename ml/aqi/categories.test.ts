import { describe, expect, it } from "vitest";
import { CHINA_CATEGORIES, chinaCategory } from "./china-categories";
import { EPA_CATEGORIES, epaCategory } from "./epa-categories";

describe("EPA categories", () => {
  it("are the six TAD 2024 names and colours over 0–500 without gaps", () => {
    expect(EPA_CATEGORIES.map((c) => [c.aqiLo, c.aqiHi, c.name.en, c.hex])).toEqual([
      [0, 50, "Good", "#00E400"],
      [51, 100, "Moderate", "#FFFF00"],
      [101, 150, "Unhealthy for Sensitive Groups", "#FF7E00"],
      [151, 200, "Unhealthy", "#FF0000"],
      [201, 300, "Very Unhealthy", "#8F3F97"],
      [301, 500, "Hazardous", "#7E0023"],
    ]);
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500, 700].map((a) => epaCategory(a).level)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]);
  });

  it("carry messages in English and Chinese", () => {
    for (const c of EPA_CATEGORIES) {
      expect(c.meaning.en.length).toBeGreaterThan(10);
      expect(c.meaning.zh).toMatch(/[\u4e00-\u9fff]/);
      if (c.sensitiveGroups) expect(c.sensitiveGroups.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(EPA_CATEGORIES[0].sensitiveGroups).toBeNull();
    expect(EPA_CATEGORIES[3].generalPublic?.en).toMatch(/reduce prolonged or heavy exertion/);
  });
});

describe("China categories", () => {
  it("are HJ 633-2012 Table 2: six levels, names and colours", () => {
    expect(CHINA_CATEGORIES.map((c) => [c.grade, c.name.zh, c.colorName.zh, c.hex])).toEqual([
      ["一级", "优", "绿色", "#00E400"],
      ["二级", "良", "黄色", "#FFFF00"],
      ["三级", "轻度污染", "橙色", "#FF7E00"],
      ["四级", "中度污染", "红色", "#FF0000"],
      ["五级", "重度污染", "紫色", "#99004C"],
      ["六级", "严重污染", "褐红色", "#7E0023"],
    ]);
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map((a) => chinaCategory(a).level)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it("split the official measures into the sensitive-group and general parts without losing text", () => {
    for (const c of CHINA_CATEGORIES) {
      const parts = [c.sensitiveGroups?.zh, c.generalPublic?.zh].filter(Boolean).join("，");
      expect(parts).toBe(c.measures.zh);
    }
  });
});
