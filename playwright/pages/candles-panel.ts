import { expect, type Page } from "@playwright/test";

/** The colours the candlestick chart draws with (components/markets): what the pixel counts look for. */
export const CANDLE_COLOURS = {
  up: [22, 163, 74],
  down: [220, 38, 38],
  bollinger: [8, 145, 178],
  forecast: [37, 99, 235],
} as const;

/** The candlestick card on a ticker's page (lightweight-charts draws on canvases, so state is read from data-* attributes and pixels). */
export class CandlesPanel {
  constructor(private readonly page: Page) {}

  panel() {
    return this.page.getByTestId("candles-panel");
  }
  chart() {
    return this.page.getByTestId("candles-chart");
  }
  overlay(name: "sma" | "ema" | "bbands") {
    return this.page.getByTestId(`candles-overlay-${name}`);
  }
  pane(name: "volume" | "macd" | "rsi") {
    return this.page.getByTestId(`candles-pane-${name}`);
  }

  /** Scrolls the chart into the viewport (the mouse only reaches what is on screen) and returns its box. */
  async inView() {
    await this.chart().scrollIntoViewIfNeeded();
    return (await this.chart().boundingBox())!;
  }

  async visibleBars(): Promise<number> {
    return Number(await this.chart().getAttribute("data-visible-bars"));
  }

  /**
   * Pixels of a colour on the chart's canvases (±12 per channel), optionally only those whose alpha is in a
   * range: the forecast band is a translucent fill, the mean line opaque.
   */
  async countPixels(rgb: readonly number[], alpha: [number, number] = [200, 255]): Promise<number> {
    return this.chart().evaluate(
      (el, { rgb, alpha }) => {
        let n = 0;
        for (const canvas of Array.from(el.querySelectorAll("canvas"))) {
          if (canvas.width === 0 || canvas.height === 0) continue;
          const d = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < d.length; i += 4) {
            if (Math.abs(d[i] - rgb[0]) <= 12 && Math.abs(d[i + 1] - rgb[1]) <= 12 && Math.abs(d[i + 2] - rgb[2]) <= 12 && d[i + 3] >= alpha[0] && d[i + 3] <= alpha[1]) n++;
          }
        }
        return n;
      },
      { rgb: [...rgb], alpha },
    );
  }

  async expectCandles() {
    await expect(this.panel()).toHaveAttribute("data-bars", "250");
    await expect(this.chart().locator("canvas").first()).toBeVisible();
    await expect.poll(() => this.countPixels(CANDLE_COLOURS.up), { message: "green candles drawn" }).toBeGreaterThan(200);
    await expect.poll(() => this.countPixels(CANDLE_COLOURS.down), { message: "red candles drawn" }).toBeGreaterThan(200);
  }
}
