import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table, TBody, TD, TFoot, TH, THead, TR } from "./table";

/** data-* attributes pass through; JSX allows them, createElement's literal types do not. */
const testId = (id: string) => ({ "data-testid": id }) as Record<string, string>;

const ROOT = path.resolve(import.meta.dirname, "../..");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(path.join(dir, e.name)) : e.name.endsWith(".tsx") ? [path.join(dir, e.name)] : [],
  );
}

describe("Table", () => {
  it("renders a real table with a hidden caption inside a sideways-scrolling wrapper, passing attributes to the table", () => {
    const html = renderToStaticMarkup(
      h(Table, { caption: "Assets", ...testId("assets-table") }, h(TBody, null, h(TR, testId("row"), h(TD, null, "x")))),
    );
    expect(html).toMatch(/^<div class="overflow-x-auto[^"]*"><table class="min-w-full[^"]*" data-testid="assets-table"><caption class="sr-only">Assets<\/caption><tbody/);
    expect(html).toContain('<tr data-testid="row"><td class="px-4 py-3">x</td></tr>');
    expect(renderToStaticMarkup(h(Table, { "aria-label": "Metrics" }))).not.toContain("<caption");
  });

  it("makes header cells column headers unless told otherwise", () => {
    const html = renderToStaticMarkup(
      h(Table, null, h(THead, null, h(TR, null, h(TH, null, "Name"), h(TH, { scope: "row" }, "all"))), h(TFoot, null)),
    );
    expect(html).toContain('<th scope="col" class="px-4 py-3 whitespace-nowrap font-medium text-left">Name</th>');
    expect(html).toContain('<th scope="row"');
    expect(html).toContain("<thead class=");
    expect(html).toContain('<tfoot class="font-medium');
  });

  it("right-aligns numbers with tabular figures and hides a column below its breakpoint, header and cells alike", () => {
    const th = renderToStaticMarkup(h(TH, { numeric: true, hideBelow: "sm" }, "Points"));
    const td = renderToStaticMarkup(h(TD, { numeric: true, hideBelow: "sm", className: "text-zinc-500" }, "12"));
    for (const cell of [th, td]) expect(cell).toMatch(/class="[^"]*text-right tabular-nums hidden sm:table-cell/);
    expect(td).toContain("text-zinc-500");
    expect(renderToStaticMarkup(h(TD, { align: "right" }, "Revoke"))).toBe('<td class="px-4 py-3 text-right">Revoke</td>');
    expect(renderToStaticMarkup(h(TD, { hideBelow: "lg" }))).toContain("hidden lg:table-cell");
  });

  it("is the only place pages and components write table markup", () => {
    const offenders = [...tsxFiles(path.join(ROOT, "components")), ...tsxFiles(path.join(ROOT, "app"))]
      .filter((f) => !f.endsWith(path.join("ui", "table.tsx")))
      .filter((f) => /<(table|thead|tbody|tfoot|tr|th|td)[\s>]/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
