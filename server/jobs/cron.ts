/**
 * Minimal 5-field cron matcher (minute hour day-of-month month day-of-week, UTC) for the embedded runner's
 * schedule, with the syntax Inngest accepts for our jobs: `*`, `a`, `a-b`, `*\/n`, `a-b/n` and lists.
 * A leading `TZ=...` is accepted and ignored (the embedded scheduler runs in UTC). As in Vixie cron, when both
 * day-of-month and day-of-week are restricted a day matches if either does.
 */
export class CronSyntaxError extends Error {
  constructor(
    readonly expression: string,
    readonly field: string,
    detail: string,
  ) {
    super(`cron "${expression}": ${field} ${detail}`);
    this.name = "CronSyntaxError";
  }
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 },
] as const;

export interface CronSchedule {
  expression: string;
  sets: Set<number>[];
  domRestricted: boolean;
  dowRestricted: boolean;
}

export function parseCron(expression: string): CronSchedule {
  const body = expression.trim().replace(/^TZ=\S+\s+/, "");
  const parts = body.split(/\s+/);
  if (parts.length !== 5) throw new CronSyntaxError(expression, "expression", `has ${parts.length} fields, expected 5`);
  const sets = parts.map((part, i) => parseField(expression, part, FIELDS[i]));
  // Sunday is 0 or 7.
  if (sets[4].has(7)) sets[4].add(0);
  return { expression, sets, domRestricted: parts[2] !== "*", dowRestricted: parts[4] !== "*" };
}

function parseField(expression: string, part: string, field: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new CronSyntaxError(expression, field.name, `has an invalid item "${item}"`);
    let lo: number = field.min;
    let hi: number = field.max;
    if (m[1] !== "*") {
      const [a, b] = m[1].split("-").map(Number);
      lo = a;
      hi = b ?? (m[2] ? field.max : a);
    }
    const stepN = m[2] ? Number(m[2]) : 1;
    if (lo < field.min || hi > field.max || lo > hi || stepN < 1) {
      throw new CronSyntaxError(expression, field.name, `item "${item}" is outside ${field.min}-${field.max}`);
    }
    for (let v = lo; v <= hi; v += stepN) out.add(v);
  }
  return out;
}

/** Whether the schedule fires in the UTC minute containing `at`. */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  const [min, hour, dom, month, dow] = schedule.sets;
  if (!min.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) return false;
  const domOk = dom.has(at.getUTCDate());
  const dowOk = dow.has(at.getUTCDay());
  if (schedule.domRestricted && schedule.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}
