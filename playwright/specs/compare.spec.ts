import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";

test("compare three Beijing sites' PM2.5 on one chart with a ranked table; the choice is in the URL", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  await page.goto("/assets");
  await page.getByTestId("compare-link").click();
  await page.waitForURL(/\/compare/);
  for (const site of ["beijing-dongsi", "beijing-huairou", "beijing-tiantan"]) await page.getByTestId(`compare-asset-${site}`).check();
  await page.getByTestId("compare-metric").selectOption("pm25");
  await expect(page.getByTestId("compare-chart")).toHaveAttribute("data-lines", "3");
  await expect(page.locator("[data-testid=compare-chart] .recharts-line")).toHaveCount(3);
  await expect(page.getByTestId("compare-table").locator("tbody tr")).toHaveCount(3);
  expect(page.url()).toContain("assets=beijing-dongsi%2Cbeijing-huairou%2Cbeijing-tiantan");
  expect(page.url()).toContain("metric=pm25");

  // A reload (or a shared link) shows the same comparison.
  await page.reload();
  await expect(page.getByTestId("compare-table").locator("tbody tr")).toHaveCount(3);
  await page.getByTestId("compare-range").selectOption("all");
  await expect(page.getByTestId("compare-chart")).toHaveAttribute("data-lines", "3");
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "compare-beijing-pm25.png"), fullPage: true });
});
