export function ProgressBar({ percent, status }: { percent: number; status: string }) {
  const pct = Math.max(0, Math.min(100, percent));
  const color = status === "failed" ? "bg-red-500" : status === "succeeded" ? "bg-emerald-500" : "bg-brand-500";
  return (
    <div
      className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      data-testid="job-progress"
      data-status={status}
    >
      <div className={`h-full ${color} transition-all`} style={{ width: `${pct}%` }} />
    </div>
  );
}

export function statusTone(status: string): "zinc" | "blue" | "green" | "amber" | "red" {
  return status === "succeeded" ? "green" : status === "failed" ? "red" : status === "running" ? "blue" : status === "queued" ? "amber" : "zinc";
}
