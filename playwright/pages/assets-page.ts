import { expect, type Page } from "@playwright/test";

export class AssetsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/assets");
    await this.expectLoaded();
  }

  async expectLoaded() {
    await expect(this.page.getByTestId("assets-table")).toBeVisible();
  }

  row(slug: string) {
    return this.page.getByTestId(`asset-row-${slug}`);
  }

  async open(slug: string) {
    await this.page.getByTestId(`asset-link-${slug}`).click();
    await this.page.waitForURL(`**/assets/${slug}`);
  }
}
