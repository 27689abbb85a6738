import { expect, type Page } from "@playwright/test";

export class ImportPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/imports");
    await expect(this.page.getByTestId("csv-import-form")).toBeVisible();
  }

  async importFile(assetSlug: string, name: string, csv: string) {
    await this.page.getByTestId("import-asset").selectOption(assetSlug);
    await this.page.locator('input[name="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await this.page.getByTestId("import-submit").click();
  }

  error() {
    return this.page.getByTestId("import-error");
  }

  result() {
    return this.page.getByTestId("import-result");
  }
}
