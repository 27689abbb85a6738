/**
 * China's six AQI levels: HJ 633-2012 Table 2 — 级别, 类别, 颜色 (RGB per Appendix A), 对健康影响情况 and
 * 建议采取的措施 (split here into the sensitive-group and general-public parts the official sentence joins).
 * The Chinese is the standard's text; the English is this project's translation (names as the Ministry's
 * English publications use them).
 */
export type ChinaLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface ChinaCategory {
  level: ChinaLevel;
  aqiLo: number;
  /** Inclusive; level 6 is open-ended (> 300). */
  aqiHi: number;
  /** 一级 … 六级. */
  grade: string;
  name: { zh: string; en: string };
  colorName: { zh: string; en: string };
  hex: string;
  /** 对健康影响情况. */
  healthEffects: { zh: string; en: string };
  /** 建议采取的措施, the whole official sentence. */
  measures: { zh: string; en: string };
  /** The part of the measures for children, older people and the ill (null when the measures do not single them out). */
  sensitiveGroups: { zh: string; en: string } | null;
  /** The part for everyone else. */
  generalPublic: { zh: string; en: string } | null;
}

export const CHINA_CATEGORIES: readonly ChinaCategory[] = [
  {
    level: 1,
    aqiLo: 0,
    aqiHi: 50,
    grade: "一级",
    name: { zh: "优", en: "Excellent" },
    colorName: { zh: "绿色", en: "Green" },
    hex: "#00E400",
    healthEffects: { zh: "空气质量令人满意，基本无空气污染", en: "Air quality is satisfactory; there is basically no air pollution." },
    measures: { zh: "各类人群可正常活动", en: "Everyone can carry on as normal." },
    sensitiveGroups: null,
    generalPublic: { zh: "各类人群可正常活动", en: "Everyone can carry on as normal." },
  },
  {
    level: 2,
    aqiLo: 51,
    aqiHi: 100,
    grade: "二级",
    name: { zh: "良", en: "Good" },
    colorName: { zh: "黄色", en: "Yellow" },
    hex: "#FFFF00",
    healthEffects: {
      zh: "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
      en: "Air quality is acceptable, but some pollutants may have a weak effect on the health of a very small number of unusually sensitive people.",
    },
    measures: { zh: "极少数异常敏感人群应减少户外活动", en: "The very few unusually sensitive people should reduce outdoor activity." },
    sensitiveGroups: { zh: "极少数异常敏感人群应减少户外活动", en: "The very few unusually sensitive people should reduce outdoor activity." },
    generalPublic: null,
  },
  {
    level: 3,
    aqiLo: 101,
    aqiHi: 150,
    grade: "三级",
    name: { zh: "轻度污染", en: "Lightly polluted" },
    colorName: { zh: "橙色", en: "Orange" },
    hex: "#FF7E00",
    healthEffects: { zh: "易感人群症状有轻度加剧，健康人群出现刺激症状", en: "Symptoms of susceptible people are slightly aggravated; healthy people show symptoms of irritation." },
    measures: {
      zh: "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
      en: "Children, older people and people with heart or respiratory disease should reduce prolonged, strenuous outdoor exercise.",
    },
    sensitiveGroups: {
      zh: "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
      en: "Children, older people and people with heart or respiratory disease should reduce prolonged, strenuous outdoor exercise.",
    },
    generalPublic: null,
  },
  {
    level: 4,
    aqiLo: 151,
    aqiHi: 200,
    grade: "四级",
    name: { zh: "中度污染", en: "Moderately polluted" },
    colorName: { zh: "红色", en: "Red" },
    hex: "#FF0000",
    healthEffects: {
      zh: "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
      en: "Symptoms of susceptible people are further aggravated; the heart and respiratory system of healthy people may be affected.",
    },
    measures: {
      zh: "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻练，一般人群适量减少户外运动",
      en: "Children, older people and people with heart or respiratory disease should avoid prolonged, strenuous outdoor exercise; the general public should moderately reduce outdoor exercise.",
    },
    sensitiveGroups: {
      zh: "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻练",
      en: "Children, older people and people with heart or respiratory disease should avoid prolonged, strenuous outdoor exercise.",
    },
    generalPublic: { zh: "一般人群适量减少户外运动", en: "The general public should moderately reduce outdoor exercise." },
  },
  {
    level: 5,
    aqiLo: 201,
    aqiHi: 300,
    grade: "五级",
    name: { zh: "重度污染", en: "Heavily polluted" },
    colorName: { zh: "紫色", en: "Purple" },
    hex: "#99004C",
    healthEffects: {
      zh: "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
      en: "Symptoms of people with heart or lung disease are markedly aggravated and exercise tolerance falls; healthy people commonly show symptoms.",
    },
    measures: {
      zh: "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
      en: "Children, older people and people with heart or lung disease should stay indoors and stop outdoor exercise; the general public should reduce outdoor exercise.",
    },
    sensitiveGroups: {
      zh: "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动",
      en: "Children, older people and people with heart or lung disease should stay indoors and stop outdoor exercise.",
    },
    generalPublic: { zh: "一般人群减少户外运动", en: "The general public should reduce outdoor exercise." },
  },
  {
    level: 6,
    aqiLo: 301,
    aqiHi: Infinity,
    grade: "六级",
    name: { zh: "严重污染", en: "Severely polluted" },
    colorName: { zh: "褐红色", en: "Maroon" },
    hex: "#7E0023",
    healthEffects: {
      zh: "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
      en: "Exercise tolerance of healthy people falls, with marked, strong symptoms; some diseases appear early.",
    },
    measures: {
      zh: "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
      en: "Children, older people and the ill should stay indoors and avoid physical exertion; the general public should avoid outdoor activity.",
    },
    sensitiveGroups: { zh: "儿童、老年人和病人应当留在室内，避免体力消耗", en: "Children, older people and the ill should stay indoors and avoid physical exertion." },
    generalPublic: { zh: "一般人群应避免户外活动", en: "The general public should avoid outdoor activity." },
  },
];

export function chinaLevel(aqi: number): ChinaLevel {
  return (CHINA_CATEGORIES.find((k) => aqi <= k.aqiHi) ?? CHINA_CATEGORIES[5]).level;
}

export function chinaCategory(aqi: number): ChinaCategory {
  return CHINA_CATEGORIES[chinaLevel(aqi) - 1];
}
