/**
 * The six EPA AQI categories: names and colours (TAD May 2024, Table 1 and Table 2), what each level means
 * for health (AirNow's "AQI Basics" statements) and the cautionary statements for sensitive groups and
 * everyone else (TAD 2024 Table 5, particle-pollution wording, the one AirNow shows with the AQI).
 * EPA publishes these in English only; the Simplified Chinese here is this project's translation.
 */
export type EpaLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface EpaCategory {
  level: EpaLevel;
  /** AQI range, inclusive. */
  aqiLo: number;
  aqiHi: number;
  name: { en: string; zh: string };
  colorName: { en: string; zh: string };
  /** sRGB, TAD Table 2 (purple is 143,63,151; maroon 126,0,35). */
  hex: string;
  /** What the level means for health. */
  meaning: { en: string; zh: string };
  /** Advice for the pollutant's sensitive groups (null: none needed). */
  sensitiveGroups: { en: string; zh: string } | null;
  /** Advice for everyone else (null: none needed). */
  generalPublic: { en: string; zh: string } | null;
}

export const EPA_CATEGORIES: readonly EpaCategory[] = [
  {
    level: 1,
    aqiLo: 0,
    aqiHi: 50,
    name: { en: "Good", zh: "良好" },
    colorName: { en: "Green", zh: "绿色" },
    hex: "#00E400",
    meaning: { en: "Air quality is satisfactory, and air pollution poses little or no risk.", zh: "空气质量令人满意，空气污染几乎没有风险。" },
    sensitiveGroups: null,
    generalPublic: null,
  },
  {
    level: 2,
    aqiLo: 51,
    aqiHi: 100,
    name: { en: "Moderate", zh: "中等" },
    colorName: { en: "Yellow", zh: "黄色" },
    hex: "#FFFF00",
    meaning: {
      en: "Air quality is acceptable. However, there may be a risk for some people, particularly those who are unusually sensitive to air pollution.",
      zh: "空气质量可以接受。但对某些人，尤其是对空气污染异常敏感的人，可能有风险。",
    },
    sensitiveGroups: { en: "Unusually sensitive people should consider reducing prolonged or heavy exertion.", zh: "异常敏感的人应考虑减少长时间或剧烈的体力活动。" },
    generalPublic: null,
  },
  {
    level: 3,
    aqiLo: 101,
    aqiHi: 150,
    name: { en: "Unhealthy for Sensitive Groups", zh: "对敏感人群不健康" },
    colorName: { en: "Orange", zh: "橙色" },
    hex: "#FF7E00",
    meaning: {
      en: "Members of sensitive groups may experience health effects. The general public is less likely to be affected.",
      zh: "敏感人群可能出现健康影响，一般公众受影响的可能性较小。",
    },
    sensitiveGroups: {
      en: "People with heart or lung disease, older adults, children, and people of lower socioeconomic status should reduce prolonged or heavy exertion.",
      zh: "心脏病或肺病患者、老年人、儿童及社会经济地位较低的人群应减少长时间或剧烈的体力活动。",
    },
    generalPublic: null,
  },
  {
    level: 4,
    aqiLo: 151,
    aqiHi: 200,
    name: { en: "Unhealthy", zh: "不健康" },
    colorName: { en: "Red", zh: "红色" },
    hex: "#FF0000",
    meaning: {
      en: "Some members of the general public may experience health effects; members of sensitive groups may experience more serious health effects.",
      zh: "部分公众可能出现健康影响；敏感人群可能出现更严重的健康影响。",
    },
    sensitiveGroups: {
      en: "People with heart or lung disease, older adults, children, and people of lower socioeconomic status should avoid prolonged or heavy exertion.",
      zh: "心脏病或肺病患者、老年人、儿童及社会经济地位较低的人群应避免长时间或剧烈的体力活动。",
    },
    generalPublic: { en: "Everyone else should reduce prolonged or heavy exertion.", zh: "其他人应减少长时间或剧烈的体力活动。" },
  },
  {
    level: 5,
    aqiLo: 201,
    aqiHi: 300,
    name: { en: "Very Unhealthy", zh: "非常不健康" },
    colorName: { en: "Purple", zh: "紫色" },
    hex: "#8F3F97",
    meaning: { en: "Health alert: The risk of health effects is increased for everyone.", zh: "健康警报：每个人出现健康影响的风险都会增加。" },
    sensitiveGroups: {
      en: "People with heart or lung disease, older adults, children, and people of lower socioeconomic status should avoid all physical activity outdoors.",
      zh: "心脏病或肺病患者、老年人、儿童及社会经济地位较低的人群应避免一切户外体力活动。",
    },
    generalPublic: { en: "Everyone else should avoid prolonged or heavy exertion.", zh: "其他人应避免长时间或剧烈的体力活动。" },
  },
  {
    level: 6,
    aqiLo: 301,
    aqiHi: 500,
    name: { en: "Hazardous", zh: "危险" },
    colorName: { en: "Maroon", zh: "褐红色" },
    hex: "#7E0023",
    meaning: { en: "Health warning of emergency conditions: everyone is more likely to be affected.", zh: "紧急状况健康警告：每个人都更可能受到影响。" },
    sensitiveGroups: {
      en: "People with heart or lung disease, older adults, children, and people of lower socioeconomic status should remain indoors and keep activity levels low.",
      zh: "心脏病或肺病患者、老年人、儿童及社会经济地位较低的人群应留在室内并保持低活动量。",
    },
    generalPublic: { en: "Everyone should avoid all physical activity outdoors.", zh: "所有人都应避免一切户外体力活动。" },
  },
];

/** The level of an AQI value (above 500, "beyond the AQI", is still Hazardous). */
export function epaLevel(aqi: number): EpaLevel {
  const c = EPA_CATEGORIES.find((k) => aqi <= k.aqiHi);
  return (c ?? EPA_CATEGORIES[5]).level;
}

export function epaCategory(aqi: number): EpaCategory {
  return EPA_CATEGORIES[epaLevel(aqi) - 1];
}
