import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { CANDLE_COLOURS, CandlesPanel } from "../pages/candles-panel";
import { SignInPage } from "../pages/sign-in-page";
import { JobPage, JobsPage } from "../pages/training-pages";

// A quick training job on the 5,550-bar ticker, then the served forecast on the chart.
test.setTimeout(300_000);

test("a ticker's candles: overlays and panes toggle, the wheel zooms, the forecast band and trend badge follow the last candle", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });

  await page.goto("/assets/ttrc");
  const candles = new CandlesPanel(page);
  await candles.expectCandles();
  // No model yet: no band, no badge.
  await expect(page.getByTestId("candles-forecast")).toHaveAttribute("data-state", "none");
  await expect(page.getByTestId("trend-badge")).toHaveCount(0);
  // Main pane + volume by default.
  await expect(candles.chart()).toHaveAttribute("data-pane-count", "2");

  // Overlay: Bollinger lines appear on the canvas.
  expect(await candles.countPixels(CANDLE_COLOURS.bollinger, [80, 255])).toBeLessThan(20);
  await candles.overlay("bbands").click();
  await expect(candles.chart()).toHaveAttribute("data-overlays", "bbands,sma");
  await expect.poll(() => candles.countPixels(CANDLE_COLOURS.bollinger, [80, 255])).toBeGreaterThan(200);

  // Panes: MACD then RSI each add one; volume off removes one.
  await candles.pane("macd").click();
  await expect(candles.chart()).toHaveAttribute("data-pane-count", "3");
  await candles.pane("rsi").click();
  await expect(candles.chart()).toHaveAttribute("data-panes", "volume,macd,rsi");
  await expect(candles.chart()).toHaveAttribute("data-pane-count", "4");
  await candles.pane("volume").click();
  await expect(candles.chart()).toHaveAttribute("data-pane-count", "3");

  // Crosshair tooltip with OHLCV of the hovered bar.
  const box = await candles.inView();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 120);
  await expect(page.getByTestId("candles-tooltip")).toContainText(/O [\d.,]+ H [\d.,]+/);
  await expect(page.getByTestId("candles-tooltip")).toContainText(/L [\d.,]+ C [\d.,]+/);

  // Zoom with the wheel (the library's own handling): fewer bars in view; kept across a toggle.
  const before = await candles.visibleBars();
  await page.mouse.wheel(0, -600);
  await expect.poll(() => candles.visibleBars()).toBeLessThan(before);
  const zoomed = await candles.visibleBars();
  await candles.overlay("ema").click();
  await expect(candles.chart()).toHaveAttribute("data-overlays", "bbands,ema,sma");
  expect(Math.abs((await candles.visibleBars()) - zoomed)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "ticker-candles-desktop.png"), fullPage: true });

  // Train a close model; its first version becomes champion and its forecast is served.
  const jobs = new JobsPage(page);
  await jobs.goto();
  await jobs.startTraining("ttrc", "close");
  await new JobPage(page).expectDone(200_000);

  await page.goto("/assets/ttrc");
  await candles.expectCandles();
  await expect(page.getByTestId("candles-forecast")).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expect.poll(async () => Number(await candles.chart().getAttribute("data-forecast-points"))).toBeGreaterThan(1);
  // The caption names the band drawn: 95 %, or 80 % when this quick model's 95 % interval is unbounded.
  await expect(page.getByTestId("candles-forecast")).toContainText(/mean and (95|80) % band for \d+ steps/);
  // The band is a translucent fill, the mean an opaque line, both in the forecast colour.
  await expect.poll(() => candles.countPixels(CANDLE_COLOURS.forecast, [20, 70]), { message: "forecast band drawn" }).toBeGreaterThan(100);
  await expect.poll(() => candles.countPixels(CANDLE_COLOURS.forecast), { message: "forecast mean drawn" }).toBeGreaterThan(20);
  const badge = page.getByTestId("trend-badge");
  await expect(badge).toBeVisible({ timeout: 30_000 });
  await expect(badge).toHaveAttribute("data-call", /^(up|down|sideways)$/);
  await expect(badge).toContainText(/θ ±1 %/);
  await expect(badge).toContainText(/\d+ %/);
  // Hovering past the last candle shows the forecast in the tooltip.
  // (Swept from the right edge: where the steps lie depends on the model's horizon and the bar spacing.)
  const b2 = await candles.inView();
  let sawForecast = false;
  for (let dx = 40; dx < 400 && !sawForecast; dx += 6) {
    await page.mouse.move(b2.x + b2.width - dx, b2.y + 120);
    sawForecast = ((await page.getByTestId("candles-tooltip").textContent({ timeout: 500 }).catch(() => "")) ?? "").includes("forecast");
  }
  expect(sawForecast, "the tooltip shows the forecast past the last candle").toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "ticker-candles-forecast-desktop.png"), fullPage: true });
});
