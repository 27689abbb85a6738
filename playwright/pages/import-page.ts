import { expect, type Page } from "@playwright/test";

export class ImportPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/imports");
    await expect(this.page.getByTestId("csv-import-form")).toBeVisible();
  }

  /** `asset` is an existing slug, or a new asset's slug and name (created by the import). */
  async importFile(asset: string | { slug: string; name: string }, name: string, csv: string) {
    if (typeof asset === "string") {
      await this.page.getByTestId("import-asset").selectOption(asset);
    } else {
      await this.page.getByTestId("import-asset").selectOption("__new__");
      await this.page.getByTestId("import-new-slug").fill(asset.slug);
      await this.page.getByTestId("import-new-name").fill(asset.name);
    }
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
