/** Inline stroke icons (24×24, currentColor) so the shell needs no icon package or network fonts. */
import type { SVGProps } from "react";

const PATHS = {
  assets: "M3 3v18h18M7 15l4-4 3 3 5-6",
  key: "M15 7a4 4 0 1 1-3.9 4.9L3 20v-3h3v-3h3l2.1-2.1A4 4 0 0 1 15 7zm1.5 2.5h.01",
  users: "M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM21 19v-1a4 4 0 0 0-3-3.9M15 4.1a3 3 0 0 1 0 5.8",
  models: "M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3zm0 0v18M4 7.5l8 4.5 8-4.5",
  jobs: "M4 6h16M4 12h10M4 18h6M17 15l2 2 3-4",
  forecasts: "M3 17l5-5 4 4 8-8M14 8h6v6",
  anomalies: "M12 3l9 16H3L12 3zm0 6v4m0 3h.01",
  bell: "M6 8a6 6 0 1112 0c0 7 3 9 3 9H3s3-2 3-9m4.3 13a2 2 0 003.4 0",
  monitoring: "M3 12h4l3-8 4 16 3-8h4",
  upload: "M12 16V4m0 0l-4 4m4-4l4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3",
  menu: "M4 6h16M4 12h16M4 18h16",
  close: "M6 6l12 12M18 6L6 18",
  logout: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9",
  copy: "M9 9h10v10H9zM5 15V5h10",
  check: "M5 12l5 5L20 7",
  chevronRight: "M9 6l6 6-6 6",
  logo: "M4 19V9m5 10V5m5 14v-7m5 7V8",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, ...props }: { name: IconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      width={20}
      height={20}
      {...props}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
