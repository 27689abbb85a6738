/**
 * Makes the share card's fonts: Noto Sans CJK SC (face 2 of Debian's fonts-noto-cjk NotoSansCJK-*.ttc),
 * subset with HarfBuzz to Latin, common punctuation and symbols, the 6,763 hanzi of GB 2312 (levels 1 and 2) and every
 * CJK character the AQI texts and card labels use (ml/aqi, components/air, server/air). The full face is
 * ~19 MB a weight; the subset is about 2.8 MB. Noto Sans CJK has no sub- or superscript digits (NO₂, O₃,
 * m³ come out of Latin-1 only for ²³), so DejaVu Sans (Debian fonts-dejavu-core) subset to U+2070–209F is
 * shipped as the fallback for those.
 *
 *   apt-get install -y fonts-noto-cjk
 *   (cd /tmp && npm i --no-save harfbuzzjs@0.4)
 *   HARFBUZZJS=/tmp/node_modules/harfbuzzjs node server/air/fonts/make-subset.mjs
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const HB = process.env.HARFBUZZJS ?? "/tmp/node_modules/harfbuzzjs";
const SRC = "/usr/share/fonts/opentype/noto";
const OUT = path.dirname(new URL(import.meta.url).pathname);
const SC_FACE = 2; // JP, KR, SC, TC, HK

const codepoints = new Set();
const range = (a, b) => { for (let c = a; c <= b; c++) codepoints.add(c); };
range(0x20, 0x7e);
range(0xa0, 0xff);
range(0x2010, 0x2027);
range(0x2030, 0x205e);
range(0x2070, 0x209c); // super- and subscripts (NO₂, O₃, m³)
range(0x2190, 0x2199);
range(0x2212, 0x2212);
range(0x2264, 0x2265);
range(0x3000, 0x303f);
range(0xff01, 0xff5e);
// GB 2312 hanzi (rows 16-87; level 2 holds city-name characters such as 圳), decoded through Node's GBK decoder.
const gbk = new TextDecoder("gbk");
for (let hi = 0xb0; hi <= 0xf7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) {
  if (hi === 0xd7 && lo > 0xf9) continue;
  for (const ch of gbk.decode(Uint8Array.of(hi, lo))) codepoints.add(ch.codePointAt(0));
}
// Every non-ASCII character in the texts the card draws.
const ROOT = path.resolve(OUT, "../../..");
const walk = (dir) => readdirSync(dir).flatMap((n) => { const p = path.join(dir, n); return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(n) ? [p] : []; });
for (const dir of ["ml/aqi", "components/air", "server/air"]) for (const file of walk(path.join(ROOT, dir))) {
  for (const ch of readFileSync(file, "utf8")) { const c = ch.codePointAt(0); if (c > 0x7f) codepoints.add(c); }
}

const { instance } = await WebAssembly.instantiate(readFileSync(path.join(HB, "hb-subset.wasm")));
const hb = instance.exports;
const DEJAVU = "/usr/share/fonts/truetype/dejavu";
const scripts = new Set();
for (let c = 0x2070; c <= 0x209f; c++) scripts.add(c);
const jobs = [
  { src: path.join(SRC, "NotoSansCJK-Regular.ttc"), face: SC_FACE, set: codepoints, out: "NotoSansSC-Regular.subset.otf" },
  { src: path.join(SRC, "NotoSansCJK-Bold.ttc"), face: SC_FACE, set: codepoints, out: "NotoSansSC-Bold.subset.otf" },
  { src: path.join(DEJAVU, "DejaVuSans.ttf"), face: 0, set: scripts, out: "DejaVuSans-Scripts.subset.ttf" },
  { src: path.join(DEJAVU, "DejaVuSans-Bold.ttf"), face: 0, set: scripts, out: "DejaVuSans-Bold-Scripts.subset.ttf" },
];
for (const job of jobs) {
  const font = readFileSync(job.src);
  const ptr = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, ptr);
  const blob = hb.hb_blob_create(ptr, font.byteLength, 2, 0, 0);
  const face = hb.hb_face_create(blob, job.face);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  hb.hb_subset_input_set_flags(input, 0x1); // HB_SUBSET_FLAGS_NO_HINTING: hints do nothing in a rasterised PNG
  const set = hb.hb_subset_input_unicode_set(input);
  for (const c of job.set) hb.hb_set_add(set, c);
  const subset = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  const out = hb.hb_face_reference_blob(subset);
  const data = hb.hb_blob_get_data(out, 0);
  const len = hb.hb_blob_get_length(out);
  if (len === 0) throw new Error(`subsetting ${job.src} failed`);
  const file = path.join(OUT, job.out);
  writeFileSync(file, new Uint8Array(hb.memory.buffer).slice(data, data + len));
  console.log(`${file}: ${len} bytes, ${job.set.size} code points asked for`);
  hb.hb_blob_destroy(out);
  hb.hb_face_destroy(subset);
  hb.hb_face_destroy(face);
  hb.free(ptr);
}
