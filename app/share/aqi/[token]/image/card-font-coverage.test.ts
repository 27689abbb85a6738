/**
 * The shipped font subset (server/air/fonts) has a glyph for every character the share card can draw: all
 * AQI category names and advice of both standards in English and Chinese, the card's labels, pollutant names
 * and the demo cities' names. A character outside the subset would draw as a box; rerun make-subset.mjs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AVERAGING_LABEL, POLLUTANT_LABEL, STANDARD_LABEL } from "@/components/air/aqi-card-view";
import { SHARE_CARD_TEXT } from "@/components/air/share-card-image";
import { CHINA_CATEGORIES, EPA_CATEGORIES } from "@/ml/aqi";
import { SHARE_CARD_FALLBACK_FILES, SHARE_CARD_FONT_DIR, SHARE_CARD_FONT_FILES } from "@/server/air/share-card-fonts";
import { DEMO_DATASETS } from "@/server/seed/demo-datasets";

/** Code points mapped by a font's cmap (format 4 and 12 subtables of the Windows Unicode encodings). */
function cmapCodepoints(font: Buffer): Set<number> {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    if (font.toString("latin1", rec, rec + 4) === "cmap") cmap = font.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error("no cmap table");
  const out = new Set<number>();
  const n = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < n; i++) {
    const platform = font.readUInt16BE(cmap + 4 + 8 * i);
    const sub = cmap + font.readUInt32BE(cmap + 8 + 8 * i);
    if (platform !== 3 && platform !== 0) continue;
    const format = font.readUInt16BE(sub);
    if (format === 4) {
      const segX2 = font.readUInt16BE(sub + 6);
      const ends = sub + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const rangeOffsets = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = font.readUInt16BE(ends + 2 * s);
        const start = font.readUInt16BE(starts + 2 * s);
        const delta = font.readInt16BE(deltas + 2 * s);
        const ro = font.readUInt16BE(rangeOffsets + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          const glyph = ro === 0 ? (c + delta) & 0xffff : font.readUInt16BE(rangeOffsets + 2 * s + ro + 2 * (c - start));
          if (glyph !== 0) out.add(c);
        }
      }
    } else if (format === 12) {
      const groups = font.readUInt32BE(sub + 12);
      for (let g = 0; g < groups; g++) {
        const at = sub + 16 + 12 * g;
        const start = font.readUInt32BE(at);
        const end = font.readUInt32BE(at + 4);
        for (let c = start; c <= end; c++) out.add(c);
      }
    }
  }
  return out;
}

function cardStrings(): string[] {
  const texts: string[] = [];
  const bilingual = (t: { en: string; zh: string } | null) => t && texts.push(t.en, t.zh);
  for (const c of EPA_CATEGORIES) [c.name, c.meaning, c.sensitiveGroups, c.generalPublic].forEach(bilingual);
  for (const c of CHINA_CATEGORIES) [c.name, c.healthEffects, c.sensitiveGroups, c.generalPublic].forEach(bilingual);
  Object.values(SHARE_CARD_TEXT).forEach(bilingual);
  Object.values(STANDARD_LABEL).forEach(bilingual);
  texts.push(...Object.values(POLLUTANT_LABEL), ...Object.values(AVERAGING_LABEL.en), ...Object.values(AVERAGING_LABEL.zh));
  texts.push(...DEMO_DATASETS.map((d) => d.asset.name), "0123456789 ·–—:,()+µg/m³ppb", "AQI Almanac");
  return texts;
}

describe("share card font subset", () => {
  for (const weight of [400, 700] as const) {
    const file = SHARE_CARD_FONT_FILES[weight];
    it(`${file} with its fallback (weight ${weight}) covers every character the card draws, and stays small`, () => {
      const font = readFileSync(path.join(SHARE_CARD_FONT_DIR, file));
      const fallback = readFileSync(path.join(SHARE_CARD_FONT_DIR, SHARE_CARD_FALLBACK_FILES[weight]));
      expect(font.byteLength).toBeLessThan(3 * 1024 * 1024);
      expect(fallback.byteLength).toBeLessThan(16 * 1024);
      const covered = new Set([...cmapCodepoints(font), ...cmapCodepoints(fallback)]);
      const missing = new Set<string>();
      for (const s of cardStrings()) for (const ch of s) if (!/\s/.test(ch) && !covered.has(ch.codePointAt(0)!)) missing.add(ch);
      expect([...missing].join("")).toBe("");
      // The subset keeps the common hanzi for Chinese city names, not only the card's own texts.
      for (const ch of "北京上海广州深圳成都重庆天津西安杭州武汉") expect(covered.has(ch.codePointAt(0)!), ch).toBe(true);
    });
  }
});
