import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { ARTIFACTS_DIR, E2E_ADMIN, E2E_BASE_URL } from "../e2e-env";
import { AppShell } from "../pages/app-shell";
import { SignInPage } from "../pages/sign-in-page";

/** Opens a share link in a fresh context (no session cookie), checks the page, its unfurl tags and the PNG. */
async function openSignedOut(browser: Browser, url: string, shot: string) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("share-page")).toBeVisible();
  const img = page.getByTestId("share-card-image");
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBe(1200);
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalHeight)).toBe(630);

  const imageUrl = `${url}/image`;
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", imageUrl);
  await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute("content", "1200");
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
  await expect(page.locator('meta[name="twitter:image"]')).toHaveAttribute("content", imageUrl);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /^Beijing Dongsi \d{4}-\d{2}-\d{2}: AQI \d+/);
  const png = await context.request.get(imageUrl);
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${shot}-page.png`), fullPage: true });
  writeFileSync(path.join(ARTIFACTS_DIR, `${shot}.png`), await png.body());

  // Only /share is public: the city's page in the app still wants a session.
  await page.goto("/assets/beijing-dongsi");
  await expect(page).toHaveURL(/\/sign-in/);
  // A link that does not verify is a 404, not a card or a 500.
  expect((await context.request.get(`${url}x/image`)).status()).toBe(404);
  await context.close();
}

test("share a Beijing city's AQI card and open the link signed out (English and Chinese)", async ({ page, browser }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new AppShell(page).expectSignedIn();

  await page.goto("/assets/beijing-dongsi");
  const card = page.getByTestId("aqi-card");
  await expect(card).toBeVisible();
  await card.getByTestId("aqi-share").click();
  const urlBox = card.getByTestId("aqi-share-url");
  await expect(urlBox).toHaveValue(new RegExp(`^${E2E_BASE_URL.replace(/[.]/g, "\\.")}/share/aqi/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
  const enUrl = await urlBox.inputValue();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, "share-card-button.png"), fullPage: true });

  // Switching the language drops the English link; sharing again makes a Chinese card.
  await card.getByTestId("aqi-lang-zh").click();
  await expect(urlBox).toHaveCount(0);
  await card.getByTestId("aqi-share").click();
  await expect(urlBox).toHaveValue(/\/share\/aqi\//);
  const zhUrl = await urlBox.inputValue();
  expect(zhUrl).not.toBe(enUrl);

  await openSignedOut(browser, enUrl, "share-card-en");
  await openSignedOut(browser, zhUrl, "share-card-zh");
});
