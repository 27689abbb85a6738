"use client";
import { Input } from "@/components/ui/field";
import type { RangePreset } from "./time-range";

const PRESETS: { id: RangePreset; label: string }[] = [
  { id: "7d", label: "Last 7d" },
  { id: "30d", label: "Last 30d" },
  { id: "all", label: "All" },
  { id: "custom", label: "Custom" },
];

export function RangePicker({
  preset,
  onPreset,
  customFrom,
  customTo,
  onCustom,
  min,
  max,
}: {
  preset: RangePreset;
  onPreset: (p: RangePreset) => void;
  customFrom: string;
  customTo: string;
  onCustom: (from: string, to: string) => void;
  min?: string;
  max?: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="range-picker">
      <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-lg border border-zinc-300 bg-white p-0.5 dark:border-zinc-700 dark:bg-zinc-900">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="radio"
            aria-checked={preset === p.id}
            data-testid={`range-${p.id}`}
            onClick={() => onPreset(p.id)}
            className={`rounded-md px-2.5 py-1 text-xs font-medium transition-colors ${
              preset === p.id ? "bg-brand-600 text-white" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {p.label}
          </button>
        ))}
      </div>
      {preset === "custom" && (
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          <Input type="date" aria-label="From" value={customFrom} min={min} max={max} onChange={(e) => onCustom(e.target.value, customTo)} className="w-36 py-1" data-testid="range-from" />
          <span>to</span>
          <Input type="date" aria-label="To" value={customTo} min={min} max={max} onChange={(e) => onCustom(customFrom, e.target.value)} className="w-36 py-1" data-testid="range-to" />
        </div>
      )}
    </div>
  );
}
