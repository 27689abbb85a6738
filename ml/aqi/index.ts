/**
 * Air Quality Index: US EPA (TAD May 2024, with the 2024 PM2.5 breakpoints and the PM NowCast) and China
 * (HJ 633-2012), as pure functions over concentrations in each standard's units; categories, colours and
 * health messages in English and Simplified Chinese; unit conversion at 25 °C.
 */
export * from "./types";
export { interpolate } from "./bands";
export { EPA_BREAKPOINTS, EPA_TRUNCATION_DECIMALS, EPA_UNITS } from "./epa-breakpoints";
export { epaAqi, epaSubIndex, epaTruncate } from "./epa-aqi";
export { EPA_CATEGORIES, epaCategory, epaLevel, type EpaCategory, type EpaLevel } from "./epa-categories";
export { NOWCAST_HOURS, nowcast, nowcastSubIndex } from "./nowcast";
export { CHINA_BREAKPOINTS, CHINA_UNITS } from "./china-breakpoints";
export { chinaAqi, chinaSubIndex, type ChinaAqiResult } from "./china-aqi";
export { CHINA_CATEGORIES, chinaCategory, chinaLevel, type ChinaCategory, type ChinaLevel } from "./china-categories";
export * from "./units";
export { bandsFor, categoryExceedance, cdfAt, exceedanceProbability, predictiveCdf, quantileAt, type CategoryBoundary, type ExceedanceResult, type PredictiveBounds, type PredictiveCdf } from "./exceedance";
