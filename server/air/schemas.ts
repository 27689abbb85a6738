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

/** A city's 7-day AQI outlook from its served pollutant forecasts. */
export const cityOutlookInputSchema = z.object({
  assetId: z.uuid(),
  standard: aqiStandardSchema.default("epa"),
  /** Days ahead to show (the forecasts' first steps). */
  days: z.number().int().min(1).max(14).default(7),
});
export type CityOutlookInput = z.input<typeof cityOutlookInputSchema>;

const outlookPollutantSchema = z.object({
  metric: z.string(),
  pollutant: z.enum(POLLUTANTS),
  /** The forecast's median concentration, in the standard's unit. */
  medianConcentration: z.number(),
  unit: z.string(),
  /** Sub-index of the median (null: the table does not cover it). */
  aqi: z.number().int().nullable(),
  /** P(this pollutant's concentration is above the boundary into the day's next category up); null at the top. */
  pExceedNext: z.number().min(0).max(1).nullable(),
  /** P(above each category boundary of its table), lowest boundary first. */
  boundaries: z.array(z.object({ level: z.number().int(), aqi: z.number().int(), concentration: z.number(), probability: z.number().min(0).max(1) })),
});

export const cityOutlookOutputSchema = z.object({
  assetId: z.uuid(),
  standard: aqiStandardSchema,
  days: z.array(
    z.object({
      /** YYYY-MM-DD (the forecast step's UTC date). */
      date: z.string(),
      /** The day's AQI from the forecasts' medians: the largest median sub-index; null when none covers it. */
      aqi: z.number().int().nullable(),
      category: aqiCategorySchema.nullable(),
      /** Pollutant(s) giving the AQI. */
      primary: z.array(z.enum(POLLUTANTS)),
      /** The category above the day's (null at the top, or without an AQI). */
      nextLevel: z.number().int().min(2).max(6).nullable(),
      /**
       * P(the day reaches `nextLevel`) as the largest of the pollutants' P(above their boundary into it): a lower
       * bound (the day's AQI is the maximum over pollutants, whose errors are not independent).
       */
      pExceedNext: z.number().min(0).max(1).nullable(),
      pollutants: z.array(outlookPollutantSchema),
    }),
  ),
  /** The served forecasts the outlook is made of, one per pollutant metric that has one. */
  sources: z.array(
    z.object({
      metric: z.string(),
      modelId: z.uuid(),
      versionId: z.uuid(),
      algorithm: z.string(),
      originTs: z.string(),
      /** An observation newer than the forecast's origin has arrived (the refresh has not run yet). */
      stale: z.boolean(),
      /** Weather (or other) metrics the model reads: at the origin (past) and at the target day (future). */
      covariates: z.object({ past: z.array(z.string()), future: z.array(z.string()) }),
    }),
  ),
  /** What the weather in these forecasts is: none, observed at the origin, or forecast weather (or its stand-in). */
  weatherNote: z.string(),
});
export type CityOutlook = z.infer<typeof cityOutlookOutputSchema>;
