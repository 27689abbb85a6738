/**
 * CSV import options given as text fields (query string or multipart form fields) → CsvImportOptions.
 * Lists are JSON arrays or comma-separated; `metrics` is a JSON array of {column, metric?, unit?} or
 * comma-separated `column[=metric][:unit]` entries (e.g. `demand=demand_mw:MW,temp`).
 */
import { ValidationError } from "@/server/http/errors";
import type { CsvImportOptions } from "./schemas";

const TEXT_FIELDS = ["timestampColumn", "timestampFormat", "timezone", "dateOnly", "delimiter", "source"] as const;

function list(name: string, text: string): string[] {
  if (text.trim().startsWith("[")) {
    try {
      const v = JSON.parse(text) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
    } catch {
      // fall through to the error below
    }
    throw new ValidationError(`${name}: expected a JSON array of strings or a comma-separated list`, { field: name });
  }
  return text.split(",").map((s) => s.trim());
}

function metrics(text: string): NonNullable<CsvImportOptions["metrics"]> {
  if (text.trim().startsWith("[")) {
    try {
      return JSON.parse(text) as NonNullable<CsvImportOptions["metrics"]>;
    } catch (error) {
      throw new ValidationError(`metrics: malformed JSON (${error instanceof Error ? error.message : String(error)})`, { field: "metrics" });
    }
  }
  return list("metrics", text)
    .filter(Boolean)
    .map((entry) => {
      const m = /^([^=:]+)(?:=([^:]+))?(?::(.+))?$/.exec(entry);
      if (!m) throw new ValidationError(`metrics: cannot read "${entry}" (use column[=metric][:unit])`, { field: "metrics" });
      return { column: m[1].trim(), metric: m[2]?.trim(), unit: m[3]?.trim() };
    });
}

/** `fields` holds the raw text values; unknown names are refused so that typos do not pass silently. */
export function csvOptionsFromFields(fields: Map<string, string>, ignore: string[] = []): CsvImportOptions {
  const options: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    if (ignore.includes(name)) continue;
    if ((TEXT_FIELDS as readonly string[]).includes(name)) options[name] = value;
    else if (name === "metrics") options.metrics = metrics(value);
    else if (name === "ignoreColumns" || name === "missingValues") options[name] = list(name, value);
    else if (name === "skipMissing") options.skipMissing = value;
    else throw new ValidationError(`unknown import option "${name}"`, { field: name });
  }
  return options as CsvImportOptions;
}
