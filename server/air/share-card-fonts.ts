/**
 * The fonts the share card is drawn with, read once per process from the repository (no CDN, no network):
 * Noto Sans CJK SC subset, regular and bold, and DejaVu Sans for the sub- and superscript digits Noto lacks
 * (server/air/fonts/README.md). Satori picks the first font in the list with the glyph.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

export const SHARE_CARD_FONT_DIR = path.join(process.cwd(), "server/air/fonts");
export const SHARE_CARD_FONT_FILES = { 400: "NotoSansSC-Regular.subset.otf", 700: "NotoSansSC-Bold.subset.otf" } as const;
export const SHARE_CARD_FALLBACK_FILES = { 400: "DejaVuSans-Scripts.subset.ttf", 700: "DejaVuSans-Bold-Scripts.subset.ttf" } as const;

export interface ShareCardFont {
  /** `main` (Noto Sans SC) or `fallback` (DejaVu Sans, scripts only). */
  role: "main" | "fallback";
  data: ArrayBuffer;
  weight: 400 | 700;
  style: "normal";
}

let loaded: Promise<ShareCardFont[]> | undefined;

export function loadShareCardFonts(): Promise<ShareCardFont[]> {
  const files = [
    ...([400, 700] as const).map((weight) => ({ role: "main" as const, weight, file: SHARE_CARD_FONT_FILES[weight] })),
    ...([400, 700] as const).map((weight) => ({ role: "fallback" as const, weight, file: SHARE_CARD_FALLBACK_FILES[weight] })),
  ];
  loaded ??= Promise.all(
    files.map(async ({ role, weight, file }) => {
      const buf = await readFile(path.join(SHARE_CARD_FONT_DIR, file));
      return { role, weight, style: "normal" as const, data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer };
    }),
  );
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
