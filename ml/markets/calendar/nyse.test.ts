import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors";
import { closureReason, dayNumber, easterSunday, isoOfDay, isTradingDay, nextTradingDays, tradingDaysBetween } from "./nyse";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SHIPPED = path.join(ROOT, "data/demo");
/** Daily OHLCV files: every one shipped in data/demo (ttrc and the seven large caps). */
function ohlcvFiles(): string[] {
  const shipped = readdirSync(SHIPPED).filter((f) => /ohlcv|daily-20\d\d/i.test(f) && /^[a-z]+-daily/i.test(f) && f.endsWith(".csv"));
  const files = shipped.map((f) => path.join(SHIPPED, f));
  return files.filter((f) => /^date,open,high,low,close/i.test(readFileSync(f, "utf8").slice(0, 40)));
}

function datesOf(file: string): string[] {
  return readFileSync(file, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.slice(0, 10));
}

describe("NYSE calendar: rules", () => {
  it("Easter by the computus (known dates)", () => {
    expect(isoOfDay(easterSunday(2024))).toBe("2024-03-31");
    expect(isoOfDay(easterSunday(2019))).toBe("2019-04-21");
    expect(isoOfDay(easterSunday(2000))).toBe("2000-04-23");
    expect(isoOfDay(easterSunday(1986))).toBe("1986-03-30");
  });

  it("holidays and observance", () => {
    expect(closureReason("2024-03-29")).toBe("Good Friday");
    expect(closureReason("2023-01-02")).toBe("New Year's Day"); // Jan 1 a Sunday → Monday
    expect(isTradingDay("2021-12-31")).toBe(true); // Jan 1 2022 a Saturday: no Friday-before closure
    expect(closureReason("2021-12-24")).toBe("Christmas Day"); // Saturday → Friday
    expect(closureReason("2020-07-03")).toBe("Independence Day");
    expect(closureReason("2022-06-20")).toBe("Juneteenth"); // Sunday → Monday
    expect(isTradingDay("2021-06-18")).toBe(true); // Juneteenth only from 2022
    expect(closureReason("1998-01-19")).toBe("Martin Luther King Jr. Day");
    expect(isTradingDay("1997-01-20")).toBe(true); // MLK Day only from 1998
    expect(closureReason("2024-11-28")).toBe("Thanksgiving Day");
    expect(closureReason("2024-05-27")).toBe("Memorial Day");
    expect(closureReason("2024-09-02")).toBe("Labor Day");
    expect(closureReason("2024-02-19")).toBe("Washington's Birthday");
    expect(closureReason("2025-01-09")).toMatch(/Carter/);
    expect(isTradingDay("2024-06-08")).toBe(false); // Saturday
  });

  it("nextTradingDays skips weekends and holidays; tradingDaysBetween counts (from, to]", () => {
    expect(nextTradingDays("2024-03-27", 5)).toEqual(["2024-03-28", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04"]);
    expect(nextTradingDays("2012-10-26", 2)).toEqual(["2012-10-31", "2012-11-01"]);
    expect(nextTradingDays("2024-12-31", 0)).toEqual([]);
    expect(tradingDaysBetween("2024-03-27", "2024-04-04")).toBe(5);
    expect(tradingDaysBetween("2024-04-04", "2024-03-27")).toBe(-5);
    expect(tradingDaysBetween("2024-03-27", "2024-03-27")).toBe(0);
  });

  it("bad input names the field", () => {
    expect(() => nextTradingDays("2024-02-30", 1)).toThrow(InvalidInputError);
    expect(() => nextTradingDays("2024-02-01", -1)).toThrow(/n must be/);
    expect(() => tradingDaysBetween("x", "2024-01-01")).toThrow(/from must be a date/);
    expect(() => dayNumber("2024-1-01")).toThrow(/YYYY-MM-DD/);
  });
});

describe("NYSE calendar against the daily OHLCV files", () => {
  const files = ohlcvFiles();
  it("finds the shipped TTR file and the large caps", () => {
    expect(files.some((f) => f.endsWith("ttrc-daily-ohlcv.csv"))).toBe(true);
    expect(files.length).toBe(8);
  });

  for (const file of files) {
    it(`${path.basename(file)}: every bar is a trading day and every missing weekday is a holiday by the rules`, () => {
      const dates = datesOf(file);
      const bad = dates.filter((d) => !isTradingDay(d));
      expect(bad).toEqual([]);
      const have = new Set(dates);
      const missing: string[] = [];
      const last = dayNumber(dates[dates.length - 1]);
      for (let d = dayNumber(dates[0]); d <= last; d++) {
        const iso = isoOfDay(d);
        if (isTradingDay(iso) && !have.has(iso)) missing.push(iso);
      }
      expect(missing).toEqual([]);
    });
  }
});
