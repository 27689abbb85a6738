import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createElement as h, type ReactElement } from "react";
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

/** A rendered element: tag, attributes, children (elements and text). Enough of HTML for React's static markup. */
interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: (Node | string)[];
}

const VOID = new Set(["br", "hr", "img", "input", "col", "meta", "link"]);

function parse(html: string): Node {
  const root: Node = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const token = /<(\/?)([a-z][a-z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
  for (const m of html.matchAll(token)) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.children.push(m[5]);
    } else if (m[1]) {
      expect(stack.pop()?.tag, `closing </${m[2]}>`).toBe(m[2]);
    } else {
      const attrs = Object.fromEntries([...m[3].matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? ""]));
      const node: Node = { tag: m[2], attrs, children: [] };
      top.children.push(node);
      if (!m[4] && !VOID.has(m[2])) stack.push(node);
    }
  }
  expect(stack).toHaveLength(1);
  return root;
}

const render = (el: ReactElement): Node => {
  const [only, ...rest] = parse(renderToStaticMarkup(el)).children;
  expect(rest).toEqual([]);
  return only as Node;
};
const elements = (n: Node) => n.children.filter((c): c is Node => typeof c !== "string");
const text = (n: Node | string): string => (typeof n === "string" ? n : n.children.map(text).join(""));
const classes = (n: Node) => new Set((n.attrs.class ?? "").split(/\s+/).filter(Boolean));
/** The classes an option adds to a cell over the same cell without it. */
const added = (el: ReactElement, base: ReactElement) => {
  const without = classes(render(base));
  return [...classes(render(el))].filter((c) => !without.has(c)).sort();
};

describe("Table", () => {
  it("renders a real table with a caption for screen readers inside a wrapper, passing attributes to the table", () => {
    const wrapper = render(
      h(Table, { caption: "Assets", id: "t1", ...testId("assets-table") }, h(TBody, null, h(TR, testId("row"), h(TD, null, "x")))),
    );
    expect(wrapper.tag).toBe("div");
    const [table, ...others] = elements(wrapper);
    expect(others).toEqual([]);
    expect(table.tag).toBe("table");
    expect(table.attrs).toMatchObject({ id: "t1", "data-testid": "assets-table" });
    expect(wrapper.attrs["data-testid"]).toBeUndefined();

    const [caption, tbody] = elements(table);
    expect([caption.tag, text(caption)]).toEqual(["caption", "Assets"]);
    expect(tbody.tag).toBe("tbody");
    const [tr] = elements(tbody);
    expect(tr.attrs).toEqual({ "data-testid": "row" });
    const [td] = elements(tr);
    expect([td.tag, text(td)]).toEqual(["td", "x"]);

    const labelled = elements(render(h(Table, { "aria-label": "Metrics" })))[0];
    expect(labelled.attrs["aria-label"]).toBe("Metrics");
    expect(elements(labelled).map((e) => e.tag)).not.toContain("caption");
  });

  it("makes header cells column headers unless told otherwise, with head, body and foot sections", () => {
    const table = elements(
      render(
        h(
          Table,
          null,
          h(THead, { id: "head" }, h(TR, null, h(TH, null, "Name"), h(TH, { scope: "row" }, "all"))),
          h(TBody, { id: "body" }),
          h(TFoot, { id: "foot" }, h(TR, null, h(TD, { colSpan: 2 }, "Total"))),
        ),
      ),
    )[0];
    const [thead, tbody, tfoot] = elements(table);
    expect([thead, tbody, tfoot].map((s) => [s.tag, s.attrs.id])).toEqual([
      ["thead", "head"],
      ["tbody", "body"],
      ["tfoot", "foot"],
    ]);
    const [name, all] = elements(elements(thead)[0]);
    expect([name.tag, name.attrs.scope, text(name)]).toEqual(["th", "col", "Name"]);
    expect([all.tag, all.attrs.scope, text(all)]).toEqual(["th", "row", "all"]);
    expect(elements(elements(tfoot)[0])[0].attrs.colspan).toBe("2");
  });

  it("keeps a caller's className and attributes on every part", () => {
    const props = { className: "mine", title: "t" };
    const parts: Array<(p: typeof props) => ReactElement> = [THead, TBody, TFoot, TH, TD];
    for (const part of parts) {
      const n = render(h(part, props));
      expect(classes(n).has("mine")).toBe(true);
      expect(n.attrs.title).toBe("t");
    }
    expect(classes(elements(render(h(Table, { className: "mine" })))[0]).has("mine")).toBe(true);
  });

  it("right-aligns numbers and hides a column below its breakpoint, header and cells alike, without leaking the options as attributes", () => {
    const numericTh = added(h(TH, { numeric: true }, "Points"), h(TH, null, "Points"));
    const numericTd = added(h(TD, { numeric: true }, "12"), h(TD, null, "12"));
    const rightTd = added(h(TD, { align: "right" }, "12"), h(TD, null, "12"));
    expect(numericTd.length).toBeGreaterThan(rightTd.length);
    expect(rightTd.length).toBeGreaterThan(0);
    // A numeric cell is right-aligned, and more (tabular figures).
    for (const c of rightTd) expect(numericTd).toContain(c);
    // A header is left-aligned by default: what `align="left"` gives a cell, a plain header has already.
    const plainTh = classes(render(h(TH, null, "Name")));
    for (const c of added(h(TD, { align: "left" }, "x"), h(TD, null, "x"))) expect(plainTh.has(c)).toBe(true);
    // The numeric header drops that left alignment for the cells' right alignment.
    for (const c of numericTd) expect(classes(render(h(TH, { numeric: true }, "Points"))).has(c)).toBe(true);
    expect(numericTh.length).toBeGreaterThan(0);

    const hidden = (["sm", "md", "lg"] as const).map((bp) => {
      const th = added(h(TH, { hideBelow: bp }, "h"), h(TH, null, "h"));
      const td = added(h(TD, { hideBelow: bp }, "d"), h(TD, null, "d"));
      expect(th).toEqual(td);
      expect(td.length).toBeGreaterThan(0);
      return td.join(" ");
    });
    expect(new Set(hidden).size).toBe(3);

    const cell = render(h(TD, { numeric: true, hideBelow: "sm", align: "right" }, "12"));
    expect(Object.keys(cell.attrs)).toEqual(["class"]);
    expect(text(cell)).toBe("12");
    expect(Object.keys(render(h(TH, { numeric: true, hideBelow: "md" }, "P")).attrs).sort()).toEqual(["class", "scope"]);
  });

  it("is the only place pages and components write table markup", () => {
    const offenders = [...tsxFiles(path.join(ROOT, "components")), ...tsxFiles(path.join(ROOT, "app"))]
      .filter((f) => !f.endsWith(path.join("ui", "table.tsx")))
      .filter((f) => /<(table|thead|tbody|tfoot|tr|th|td)[\s>]/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
