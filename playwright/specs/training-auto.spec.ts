import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";

// One auto job on four years of daily Seattle weather (the ETS/ARIMA/Theta backtests take seconds on 2 cores).
test.setTimeout(180_000);

test("train a daily series with auto from the UI: the leaderboard on the version page, the forecast on the asset page", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  await page.goto("/jobs");
  await page.getByTestId("training-asset").selectOption("seattle");
  await expect(page.getByTestId("training-metric")).toBeEnabled();
  await page.getByTestId("training-metric").selectOption("temp_max_c");
  await page.getByTestId("training-algorithm").selectOption("auto");
  // auto has no GBDT search or covariates; it names its candidates instead.
  await expect(page.getByTestId("training-mode")).toHaveCount(0);
  await expect(page.getByTestId("training-candidates")).toBeVisible();
  await expect(page.getByTestId("training-algorithm-hint")).toContainText("classical models");
  await page.getByTestId("candidate-mstl").uncheck();
  await page.getByTestId("start-training").click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("job-status")).toHaveText("succeeded", { timeout: 150_000 });

  await page.getByTestId("job-version-link").click();
  await page.waitForURL(/\/models\/versions\/[0-9a-f-]{36}$/);
  const board = page.getByTestId("auto-leaderboard");
  await expect(board).toBeVisible();
  expect(await board.locator("tbody tr").count()).toBeGreaterThanOrEqual(4);
  await expect(board.locator('tr[data-chosen="true"]')).toHaveCount(1);
  await expect(board).not.toContainText("mstl");
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "auto-leaderboard.png"), fullPage: true });

  // The first version of this model is its champion: the asset page serves its forecast.
  await page.goto("/assets/seattle");
  const picker = page.getByTestId("series-picker");
  await picker.selectOption({ label: "temp_max_c (°C)" });
  const panel = page.getByTestId("forecast-panel");
  await expect(panel).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expect(page.getByTestId("forecast-chart")).toHaveAttribute("data-points", "7");
});
