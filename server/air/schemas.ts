/** Schemas of the air domain: a city's AQI for a day under the US EPA or the Chinese standard. */
import { z } from "zod";
import { AQI_AVERAGINGS, AQI_STANDARDS, POLLUTANTS } from "@/ml/aqi";

export const aqiStandardSchema = z.enum(AQI_STANDARDS);

export const cityAqiInputSchema = z.object({
  assetId: z.uuid(),
  standard: aqiStandardSchema.default("epa"),
  /** The day (UTC date of the daily rows); default the latest day with a pollutant reading. */
  date: z.coerce.date().optional(),
});
export type CityAqiInput = z.input<typeof cityAqiInputSchema>;

const text = z.object({ en: z.string(), zh: z.string() });
const pollutantRef = z.object({ pollutant: z.enum(POLLUTANTS), averaging: z.enum(AQI_AVERAGINGS) });

export const aqiCategorySchema = z.object({
  level: z.number().int().min(1).max(6),
  name: text,
  /** sRGB hex of the category colour. */
  color: z.string(),
  colorName: text,
  /** What the level means for health (EPA) / 对健康影响情况 (China). */
  meaning: text,
  sensitiveGroups: text.nullable(),
  generalPublic: text.nullable(),
});
export type AqiCategoryBody = z.infer<typeof aqiCategorySchema>;

export const cityAqiOutputSchema = z.object({
  assetId: z.uuid(),
  standard: aqiStandardSchema,
  /** The day, YYYY-MM-DD; null when the asset has no pollutant readings. */
  date: z.string().nullable(),
  aqi: z.number().int().nullable(),
  /** A sub-index is above its table's top: show the AQI as 500+. */
  beyondIndex: z.boolean(),
  category: aqiCategorySchema.nullable(),
  subIndices: z.array(
    pollutantRef.extend({
      /** The series the reading came from. */
      metric: z.string(),
      /** In the standard's unit (EPA: truncated). */
      concentration: z.number(),
      unit: z.string(),
      index: z.number().int(),
      beyondIndex: z.boolean(),
    }),
  ),
  /** EPA's responsible pollutant / China's 首要污染物 (none at AQI ≤ 50). */
  primary: z.array(pollutantRef),
  /** Readings that gave no index, and why (a table that does not cover them, an unknown unit, a missing day). */
  skipped: z.array(z.object({ metric: z.string(), reason: z.string() })),
});
export type CityAqi = z.infer<typeof cityAqiOutputSchema>;
