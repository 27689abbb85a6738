import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";

test("a ticker's page shows its technical indicators; overlays and the oscillator pane switch", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  await page.goto("/assets/ttrc");
  const panel = page.getByTestId("indicators-panel");
  await expect(panel).toHaveAttribute("data-bars", "250");
  const price = page.getByTestId("indicators-price-chart");
  // close + SMA 20 + SMA 50 drawn by default (recharts: one path per line).
  await expect(price.locator("path.recharts-line-curve")).toHaveCount(3);
  await page.getByTestId("overlay-ema").click();
  await expect(price.locator("path.recharts-line-curve")).toHaveCount(4);
  await page.getByTestId("overlay-sma").click();
  await expect(price.locator("path.recharts-line-curve")).toHaveCount(2);

  await page.getByTestId("pane-macd").click();
  const pane = page.getByTestId("indicators-pane");
  await expect(pane).toHaveAttribute("data-pane", "macd");
  await expect(pane.locator("path.recharts-line-curve")).toHaveCount(2);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "asset-ttrc-indicators.png"), fullPage: true });
});
