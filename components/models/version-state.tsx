import { Badge } from "@/components/ui/badge";

export function VersionState({ state }: { state: string }) {
  const tone = state === "champion" ? "green" : state === "failed" ? "red" : state === "training" ? "blue" : state === "archived" ? "zinc" : "amber";
  return <Badge tone={tone}>{state}</Badge>;
}

export function fmtMetric(v: number | undefined | null, digits = 3): string {
  return v === undefined || v === null || !Number.isFinite(v) ? "—" : v.toFixed(digits);
}
