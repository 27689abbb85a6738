import { describe, expect, it } from "vitest";
import { DAILY_COLUMNS, dailyMax8h, dailyMean, siteOf, toDailyCsv } from "./make-beijing-demo";

const HEADER = '"No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"';

function hourly(day: number, hours: number, value: (h: number) => string): string[] {
  return Array.from({ length: hours }, (_, h) => `${h + 1},2013,3,${day},${h},${value(h)},${value(h)},4,${value(h)},300,${value(h)},1,1000,-5,0.5,"N",2,"X"`);
}

describe("make-beijing-demo", () => {
  it("averages each calendar day and takes the AQI statistics (1-h max, 8-h running-mean max)", () => {
    const csv = [HEADER, ...hourly(1, 24, (h) => String(h)), ...hourly(2, 24, () => "NA")].join("\n");
    const lines = toDailyCsv(csv).trim().split("\n");
    expect(lines[0]).toBe(DAILY_COLUMNS.join(","));
    const row = Object.fromEntries(DAILY_COLUMNS.map((c, i) => [c, lines[1].split(",")[i]]));
    expect(row).toMatchObject({ date: "2013-03-01", pm25: "11.5", so2: "4", co: "300", temp_c: "1", rain_mm: "12", o3_1h_max: "23", no2_1h_max: "23", so2_1h_max: "4" });
    // The last window inside the day is hours 16–23: mean 19.5.
    expect(row.o3_8h_max).toBe("19.5");
    expect(row.co_8h_max).toBe("300");
    // A day without data is a row of gaps, not zeros.
    const day2 = Object.fromEntries(DAILY_COLUMNS.map((c, i) => [c, lines[2].split(",")[i]]));
    expect(day2).toMatchObject({ pm25: "", pm10: "", no2: "", o3: "", o3_1h_max: "", o3_8h_max: "", so2: "4" });
  });

  it("needs 20 valid hours for a daily value and 6 of 8 for an 8-h mean (GB 3095-2012)", () => {
    expect(dailyMean([...Array(19).fill(1), ...Array(5).fill(NaN)])).toBeNaN();
    expect(dailyMean([...Array(20).fill(2), ...Array(4).fill(NaN)])).toBe(2);
    const sparse = Array(24).fill(NaN);
    for (let h = 0; h < 5; h++) sparse[h] = 10;
    expect(dailyMax8h(sparse)).toBeNaN();
    sparse[5] = 10;
    expect(dailyMax8h(sparse)).toBe(10);
  });

  it("names sites from the source files", () => {
    expect(siteOf("beijing-Wanshouxigong-hourly-2013-03-to-2016-02.csv")).toBe("Wanshouxigong");
    expect(siteOf("README.md")).toBeNull();
  });
});
