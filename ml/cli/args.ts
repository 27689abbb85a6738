import { InvalidInputError } from "../errors";

export interface CliOptions {
  input: string;
  format: "m4" | "long";
  horizon: number;
  seasonLengths: number[];
  models: string[];
  levels: number[];
  out?: string;
  /** Backtest origins for auto; default chosen per series group. */
  windows?: number;
  seed: number;
  valueColumn?: string;
  /** Worker threads for auto's candidates (default 1). */
  workers: number;
  /** Restrict auto's candidates (default: all available). */
  autoCandidates?: string[];
}

const USAGE = `--input FILE --format m4|long --horizon H [--season M[,M2]] [--models auto|name,name] [--levels 80,95] [--windows 2] [--seed 1] [--auto-candidates a,b] [--workers N] [--value-column C] [--out OUT.csv]`;

/** Parse `--flag value` pairs; every problem names the flag. */
export function parseArgs(argv: string[], defaults: Partial<CliOptions> = {}): CliOptions {
  const map = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new InvalidInputError(`unexpected argument "${a}"; usage: ${USAGE}`, { field: a });
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new InvalidInputError(`${a} needs a value`, { field: a });
    map.set(a.slice(2), v);
    i++;
  }
  const known = new Set(["input", "format", "horizon", "season", "models", "levels", "out", "windows", "seed", "value-column", "auto-candidates", "workers"]);
  for (const k of map.keys()) if (!known.has(k)) throw new InvalidInputError(`unknown option --${k}; usage: ${USAGE}`, { field: `--${k}` });
  const input = map.get("input");
  if (!input) throw new InvalidInputError(`--input is required; usage: ${USAGE}`, { field: "--input" });
  const format = map.get("format") ?? defaults.format ?? "m4";
  if (format !== "m4" && format !== "long") throw new InvalidInputError(`--format must be m4 or long, got "${format}"`, { field: "--format" });
  const int = (name: string, fallback?: number) => {
    const raw = map.get(name);
    if (raw === undefined) {
      if (fallback === undefined) throw new InvalidInputError(`--${name} is required; usage: ${USAGE}`, { field: `--${name}` });
      return fallback;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`--${name} must be a positive integer, got "${raw}"`, { field: `--${name}` });
    return n;
  };
  const list = (name: string, raw: string | undefined) =>
    (raw ?? "").split(",").filter((x) => x !== "").map((x) => {
      const n = Number(x);
      if (!Number.isFinite(n) || n <= 0) throw new InvalidInputError(`--${name}: "${x}" is not a positive number`, { field: `--${name}` });
      return n;
    });
  const levels = list("levels", map.get("levels") ?? "80,95");
  for (const l of levels) if (!(l > 0 && l < 100)) throw new InvalidInputError(`--levels: ${l} must be between 0 and 100`, { field: "--levels" });
  const seasonLengths = map.has("season") ? list("season", map.get("season")).map(Math.round) : [];
  return {
    input,
    format,
    horizon: int("horizon", defaults.horizon),
    seasonLengths,
    models: (map.get("models") ?? "auto").split(",").filter(Boolean),
    levels,
    out: map.get("out"),
    windows: map.has("windows") ? int("windows") : undefined,
    seed: int("seed", 1),
    workers: int("workers", 1),
    valueColumn: map.get("value-column"),
    autoCandidates: map.get("auto-candidates")?.split(",").filter(Boolean),
  };
}
