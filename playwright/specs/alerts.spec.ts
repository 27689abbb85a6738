import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";

test("an admin adds a signed webhook endpoint (its secret shown once) and an alert rule that uses it", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const shell = new AppShell(page);
  await shell.expectSignedIn();
  await shell.navLink("alerts").click();
  await page.waitForURL(/\/alerts$/);

  const endpoint = page.locator("form").filter({ has: page.getByRole("button", { name: "Add endpoint" }) });
  await endpoint.getByLabel("Name", { exact: true }).fill("ops hook");
  await endpoint.getByLabel("URL", { exact: true }).fill("https://hooks.example.com/almanac");
  await endpoint.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("webhook-secret")).toContainText("shown once");
  await expect(page.getByTestId("webhook-endpoint")).toContainText("ops hook");

  const form = page.getByTestId("alert-rule-form");
  await form.getByLabel("Name", { exact: true }).fill("failed jobs");
  await form.getByLabel("Metric").selectOption("job_failure");
  await form.getByLabel("Threshold", { exact: true }).fill("1");
  await form.getByRole("checkbox", { name: /ops hook/ }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByTestId("alert-rule-row").filter({ hasText: "failed jobs" })).toBeVisible();

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "alerts.png"), fullPage: true });
});
