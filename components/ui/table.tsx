/**
 * The app's one table markup. A real <table> (screen readers announce rows and columns) inside a wrapper
 * that scrolls sideways, so a wide table never widens the page on a phone; secondary columns drop out
 * below a breakpoint with `hideBelow` on both the header and the cells of that column.
 */
import type { HTMLAttributes, ReactNode, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** Literal class strings, so Tailwind's scanner sees every one of them. */
const HIDE_BELOW = {
  sm: "hidden sm:table-cell",
  md: "hidden md:table-cell",
  lg: "hidden lg:table-cell",
} as const;

interface CellOptions {
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Text alignment (numeric cells are right-aligned already). */
  align?: "left" | "right";
  /** Hide this column on screens narrower than the breakpoint. */
  hideBelow?: keyof typeof HIDE_BELOW;
}

function cellClasses({ numeric, align, hideBelow }: CellOptions, base: string, className: string): string {
  return [
    "px-4 py-3",
    base,
    numeric || align === "right" ? "text-right" : align === "left" ? "text-left" : "",
    numeric ? "tabular-nums" : "",
    hideBelow ? HIDE_BELOW[hideBelow] : "",
    className,
  ]
    .filter(Boolean)
    .join(" ");
}

export interface TableProps extends TableHTMLAttributes<HTMLTableElement> {
  /** What the table lists, for screen readers (rendered visually hidden). */
  caption?: ReactNode;
}

export function Table({ caption, className = "", children, ...props }: TableProps) {
  return (
    <div className="overflow-x-auto overscroll-x-contain">
      <table className={`min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800 ${className}`} {...props}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function THead({ className = "", ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <thead
      className={`bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400 ${className}`}
      {...props}
    />
  );
}

export function TBody({ className = "", ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={`divide-y divide-zinc-100 dark:divide-zinc-800/70 ${className}`} {...props} />;
}

export function TFoot({ className = "", ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tfoot className={`font-medium ${className}`} {...props} />;
}

export function TR(props: HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} />;
}

/** A header cell: a column header (`scope="col"`, left-aligned) unless told otherwise. */
export function TH({ numeric, align, hideBelow, scope = "col", className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <th scope={scope} className={cellClasses({ numeric, align: align ?? "left", hideBelow }, "whitespace-nowrap font-medium", className)} {...props} />;
}

export function TD({ numeric, align, hideBelow, className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <td className={cellClasses({ numeric, align, hideBelow }, "", className)} {...props} />;
}
